package dev.udsotel.core.protocol.postgres;

/** Big-endian integers and NUL-terminated strings as the PostgreSQL protocol encodes them. */
final class Wire {
    /** The largest message the server accepts (PostgreSQL's MaxAllocSize); larger lengths mean it is not this protocol. */
    static final int MAX_LENGTH = 0x3fff_ffff;
    /** What {@link #textEnd} returns when the visible bytes ended inside the string. */
    static final int CUT = -2;
    /** What {@link #textEnd} returns when a byte cannot belong to the string. */
    static final int INVALID = -1;

    private Wire() {}

    static int int32(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24
                | (bytes[at + 1] & 0xff) << 16
                | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
    }

    static int int16(byte[] bytes, int at) {
        return (short) ((bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff));
    }

    static void putInt32(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    /** What a string may hold. */
    enum Text {
        /** Identifiers and tags: printable UTF-8, no control characters. */
        NAME,
        /** Start-up parameter values: any byte but NUL, as the server takes them. */
        VALUE,
        /** SQL and messages: no control characters but tab, line feed, form feed and carriage return; any encoding. */
        SQL
    }

    /**
     * The offset of the NUL ending a string of the given kind that starts at {@code from} and must end before
     * {@code limit}; {@link #CUT} when the visible bytes end first; {@link #INVALID} when a byte does not fit the kind
     * or the string runs past {@code limit}.
     */
    static int textEnd(byte[] bytes, int from, long limit, Text kind) {
        int end = (int) Math.min(limit, bytes.length);
        int continuation = 0;
        for (int i = from; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (continuation > 0) {
                if ((b & 0xc0) != 0x80) {
                    return INVALID;
                }
                continuation--;
                continue;
            }
            if (b == 0) {
                return i;
            }
            if (kind == Text.VALUE) {
                continue;
            }
            if (b < 0x20) {
                if (kind != Text.SQL || (b != '\t' && b != '\n' && b != '\r' && b != '\f')) {
                    return INVALID;
                }
            } else if (b == 0x7f) {
                return INVALID;
            } else if (b >= 0x80 && kind == Text.NAME) {
                continuation =
                        b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
                if (continuation < 0) {
                    return INVALID;
                }
            }
        }
        return end < limit ? CUT : INVALID;
    }
}
