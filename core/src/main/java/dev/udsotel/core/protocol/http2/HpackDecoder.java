package dev.udsotel.core.protocol.http2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the header blocks of one direction of a connection (RFC 7541), keeping its dynamic table.
 *
 * <p>Loss-aware: {@link #lost()} says a header block was missed (a gap in capture, a block cut short, capture begun
 * mid-connection). The table may then be wrong, so fields that refer to entries from before the loss come out with
 * null parts instead of a guess. Static-table entries and literals stay certain. A block that cannot be parsed
 * is treated like a lost one from where it breaks.
 */
public final class HpackDecoder {
    /** Fields in one block beyond this are skipped; bounds memory for hostile input. */
    static final int MOST_FIELDS = 256;

    private static final HeaderField UNKNOWN = new HeaderField(null, null);

    private final DynamicTable table = new DynamicTable();
    private boolean uncertain;

    /** A header block of this direction was missed: forget what the dynamic table held. */
    public void lost() {
        table.forgetAll();
        uncertain = true;
    }

    /** Whether some block was missed since the start of this direction (its table may lack old entries). */
    public boolean everLost() {
        return uncertain;
    }

    /**
     * The fields of one whole header block. When {@code complete} is false the block's end was not captured: what
     * was decoded is returned and the table is treated as lost afterwards.
     */
    public HeaderBlock decode(byte[] block, int length, boolean complete) {
        List<HeaderField> fields = new ArrayList<>();
        Reader in = new Reader(block, length);
        boolean broken = false;
        boolean unsure = false;
        while (in.remaining() > 0 && fields.size() < MOST_FIELDS) {
            HeaderField field = representation(in);
            if (field == null) {
                broken = true;
                break;
            }
            if (field == TABLE_SIZE_UPDATE) {
                continue;
            }
            unsure |= !field.certain();
            fields.add(field);
        }
        if (broken || !complete || in.remaining() > 0) {
            lost();
            return new HeaderBlock(fields, true, true);
        }
        return new HeaderBlock(fields, unsure, false);
    }

    private static final HeaderField TABLE_SIZE_UPDATE = new HeaderField("", "");

    /** One field representation (RFC 7541, 6), or null when the bytes are not valid HPACK. */
    private HeaderField representation(Reader in) {
        int first = in.peek();
        if ((first & 0x80) != 0) {
            long index = in.integer(7);
            return index <= 0 ? null : lookup(index);
        }
        if ((first & 0xc0) == 0x40) {
            HeaderField field = literal(in, 6);
            if (field != null) {
                table.add(field);
            }
            return field;
        }
        if ((first & 0xe0) == 0x20) {
            long size = in.integer(5);
            if (size < 0) {
                return null;
            }
            table.setMaxSize((int) Math.min(size, Integer.MAX_VALUE));
            return TABLE_SIZE_UPDATE;
        }
        return literal(in, 4); // without indexing (0000) or never indexed (0001)
    }

    private HeaderField literal(Reader in, int prefixBits) {
        long index = in.integer(prefixBits);
        if (index < 0) {
            return null;
        }
        String name;
        if (index == 0) {
            name = in.string();
            if (name == null) {
                return null;
            }
        } else {
            HeaderField indexed = lookup(index);
            if (indexed == null) {
                return null;
            }
            name = indexed.name();
        }
        String value = in.string();
        return value == null ? null : new HeaderField(name, value);
    }

    /** The indexed entry; an unknown one when it lies in the part of the table lost. Null when invalid. */
    private HeaderField lookup(long index) {
        if (index <= StaticTable.SIZE) {
            return StaticTable.get((int) index);
        }
        HeaderField entry = index > Integer.MAX_VALUE ? null : table.get((int) index);
        if (entry != null) {
            return entry;
        }
        return table.olderEntriesUnknown() ? UNKNOWN : null;
    }

    /** Reads HPACK primitives; every method answers -1 or null on truncated or malformed input. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int at;

        Reader(byte[] bytes, int end) {
            this.bytes = bytes;
            this.end = Math.min(end, bytes.length);
        }

        int remaining() {
            return end - at;
        }

        int peek() {
            return bytes[at] & 0xff;
        }

        /** An integer with an N-bit prefix (RFC 7541, 5.1), at most 2^31 - 1. */
        long integer(int prefixBits) {
            if (at >= end) {
                return -1;
            }
            int mask = (1 << prefixBits) - 1;
            long value = bytes[at++] & mask;
            if (value < mask) {
                return value;
            }
            int shift = 0;
            while (at < end) {
                int b = bytes[at++] & 0xff;
                value += (long) (b & 0x7f) << shift;
                if (value > Integer.MAX_VALUE) {
                    return -1;
                }
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
            return -1;
        }

        /** A string literal (RFC 7541, 5.2), Huffman-decoded when flagged. */
        String string() {
            if (at >= end) {
                return null;
            }
            boolean huffman = (bytes[at] & 0x80) != 0;
            long length = integer(7);
            if (length < 0 || length > end - at) {
                return null;
            }
            int start = at;
            at += (int) length;
            if (!huffman) {
                return new String(bytes, start, (int) length, StandardCharsets.ISO_8859_1);
            }
            byte[] decoded = Huffman.decode(bytes, start, (int) length);
            return decoded == null ? null : new String(decoded, StandardCharsets.ISO_8859_1);
        }
    }
}
