package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.redaction.CredentialNames;
import dev.udsotel.core.redaction.SecretRanges;
import dev.udsotel.core.redaction.TextSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Overwrites secrets inside the HPACK header blocks of one direction, one byte at a time and in place, so the block
 * still decodes (RFC 7541): a literal value whose field name is a credential name, or unknown, or a {@code :path}
 * with a credential query parameter becomes {@code *} characters of the same length, its Huffman flag cleared.
 * Field names are followed through the dynamic table; after a loss the table is forgotten, so a name that referred
 * to an old entry is unknown and its value is overwritten. A block that cannot be followed is zeroed to its end.
 */
final class HpackRedactor {
    /** Name and value bytes kept for decoding; longer strings are still counted, never kept. */
    private static final int MOST_KEPT = 8192;

    private enum Step {
        FIELD,
        INTEGER,
        STRING_LENGTH,
        STRING
    }

    private enum Purpose {
        FIELD_INDEX,
        NAME_LENGTH,
        VALUE_LENGTH
    }

    private enum Kind {
        INDEXED,
        LITERAL_INDEXED,
        LITERAL,
        SIZE_UPDATE
    }

    private final DynamicTable table = new DynamicTable();
    private Step step = Step.FIELD;
    private Purpose purpose;
    private Kind kind;
    private long integer;
    private int shift;
    private boolean readingName;
    private boolean huffman;
    private long stringLeft;
    private final byte[] kept = new byte[MOST_KEPT];
    private int keptLength;
    private String name;
    private boolean secretValue;
    private boolean inBlock;
    private boolean broken;

    /** The table's content is not known: capture began mid-connection. */
    void forgetTable() {
        table.forgetAll();
    }

    /** A header block starts (HEADERS or PUSH_PROMISE). */
    void startBlock() {
        inBlock = true;
        broken = false;
        step = Step.FIELD;
    }

    /** The block ended (END_HEADERS); one that ended inside a field leaves the table unknown. */
    void endBlock() {
        if (step != Step.FIELD && !broken) {
            table.forgetAll();
        }
        inBlock = false;
        broken = false;
        step = Step.FIELD;
    }

    /** Bytes of the block went by uncaptured: the rest of it cannot be followed, the table is unknown. */
    void lost() {
        table.forgetAll();
        broken = inBlock;
        step = Step.FIELD;
    }

    /**
     * Takes the block byte at {@code bytes[i]}, overwriting it when it is secret; whether it did.
     *
     * @param fragmentEnd where this frame's part of the block ends in {@code bytes} (or their end)
     */
    boolean next(byte[] bytes, int i, int fragmentEnd) {
        if (broken || !inBlock) {
            bytes[i] = 0; // a block not followed from its start, or a CONTINUATION of none: nothing is certain
            return true;
        }
        int b = bytes[i] & 0xff;
        switch (step) {
            case FIELD -> field(b);
            case INTEGER -> {
                integer += (long) (b & 0x7f) << shift;
                shift += 7;
                if (integer > Integer.MAX_VALUE || shift > 35) {
                    return fail(bytes, i);
                }
                if ((b & 0x80) == 0) {
                    integerDone();
                }
            }
            case STRING_LENGTH -> {
                huffman = (b & 0x80) != 0;
                if (!readingName) {
                    secretValue = secretValue(bytes, i, fragmentEnd);
                    if (secretValue && huffman) {
                        bytes[i] = (byte) (b & 0x7f); // the stars that replace the value are not Huffman code
                    }
                }
                startInteger(b, 7, readingName ? Purpose.NAME_LENGTH : Purpose.VALUE_LENGTH);
                return secretValue && !readingName && huffman;
            }
            case STRING -> {
                if (keptLength < MOST_KEPT) {
                    kept[keptLength++] = (byte) b;
                }
                boolean overwrite = !readingName && secretValue;
                if (overwrite) {
                    bytes[i] = SecretRanges.FILL;
                }
                if (--stringLeft == 0) {
                    stringDone();
                }
                return overwrite;
            }
        }
        if (broken) {
            bytes[i] = 0;
            return true;
        }
        return false;
    }

    private void field(int b) {
        if ((b & 0x80) != 0) {
            kind = Kind.INDEXED;
            startInteger(b, 7, Purpose.FIELD_INDEX);
        } else if ((b & 0xc0) == 0x40) {
            kind = Kind.LITERAL_INDEXED;
            startInteger(b, 6, Purpose.FIELD_INDEX);
        } else if ((b & 0xe0) == 0x20) {
            kind = Kind.SIZE_UPDATE;
            startInteger(b, 5, Purpose.FIELD_INDEX);
        } else {
            kind = Kind.LITERAL; // without indexing (0000) or never indexed (0001)
            startInteger(b, 4, Purpose.FIELD_INDEX);
        }
    }

    private void startInteger(int b, int prefixBits, Purpose what) {
        int mask = (1 << prefixBits) - 1;
        purpose = what;
        integer = b & mask;
        shift = 0;
        if (integer < mask) {
            integerDone();
        } else {
            step = Step.INTEGER;
        }
    }

    private void integerDone() {
        switch (purpose) {
            case FIELD_INDEX -> indexDone();
            case NAME_LENGTH, VALUE_LENGTH -> {
                stringLeft = integer;
                keptLength = 0;
                step = Step.STRING;
                if (stringLeft == 0) {
                    stringDone();
                }
            }
        }
    }

    private void indexDone() {
        switch (kind) {
            case INDEXED -> {
                if (integer == 0) {
                    broken = true;
                    table.forgetAll();
                }
                step = Step.FIELD;
            }
            case SIZE_UPDATE -> {
                table.setMaxSize((int) integer);
                step = Step.FIELD;
            }
            default -> {
                readingName = integer == 0;
                name = readingName ? null : nameAt(integer);
                step = Step.STRING_LENGTH;
            }
        }
    }

    private void stringDone() {
        String text = decoded();
        if (readingName) {
            name = text;
            readingName = false;
            step = Step.STRING_LENGTH;
            return;
        }
        if (kind == Kind.LITERAL_INDEXED) {
            table.add(new HeaderField(name, text)); // only its name and size matter here
        }
        step = Step.FIELD;
    }

    /** The string just read (as far as kept), or null when its Huffman code is invalid. */
    private String decoded() {
        byte[] bytes = huffman ? Huffman.decode(kept, 0, keptLength) : Arrays.copyOf(kept, keptLength);
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private String nameAt(long index) {
        if (index <= StaticTable.SIZE) {
            return StaticTable.get((int) index).name();
        }
        HeaderField entry = table.get((int) index);
        return entry == null ? null : entry.name();
    }

    /**
     * Whether the value whose length byte is at {@code bytes[at]} must not be shown: its name is unknown or a
     * credential name, or it is a {@code :path} whose query holds a credential (or cannot be read whole here).
     */
    private boolean secretValue(byte[] bytes, int at, int end) {
        if (name == null || CredentialNames.isCredential(name)) {
            return true;
        }
        if (!name.equals(":path")) {
            return false;
        }
        int prefix = bytes[at] & 0x7f;
        if (prefix == 0x7f || at + 1 + prefix > end) {
            return true; // a long path, or one that goes on past this frame or the capture: not read whole
        }
        byte[] value = (bytes[at] & 0x80) != 0
                ? Huffman.decode(bytes, at + 1, prefix)
                : Arrays.copyOfRange(bytes, at + 1, at + 1 + prefix);
        return value == null || TextSecrets.redact(value).changed();
    }

    private boolean fail(byte[] bytes, int i) {
        broken = true;
        table.forgetAll();
        bytes[i] = 0;
        return true;
    }
}
