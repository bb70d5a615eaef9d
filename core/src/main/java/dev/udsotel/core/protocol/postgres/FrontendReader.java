package dev.udsotel.core.protocol.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request prefix into the frontend messages of protocol 3 it shows, checking each against its
 * documented layout so that text protocols and random bytes are not taken for PostgreSQL. Reading stops at the
 * first message that does not fit or where the prefix ends; an empty result means the prefix is not PostgreSQL.
 * The first message must show at least one byte of its content (or all of it), so a bare five-byte header is not
 * enough, and must be shorter than 16 MiB. Linear time.
 */
final class FrontendReader {
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    private static final int PROTOCOL_3 = 3 << 16;
    /** Protocol 3.0 to 3.2 (PostgreSQL 18). */
    private static final int HIGHEST_MINOR = 2;
    /** The server refuses longer start-up packets (MAX_STARTUP_PACKET_LENGTH). */
    private static final int MAX_STARTUP_LENGTH = 10_000;
    /** The server refuses longer password and SASL messages (PG_MAX_AUTH_TOKEN_LENGTH). */
    private static final int MAX_AUTH_LENGTH = 65_535 + 4;
    /** Messages that carry only names (at most 63 bytes each) and counts. */
    private static final int MAX_NAMES_LENGTH = 1_024;

    private static final int MAX_COPY_FAIL_LENGTH = 65_536;
    /**
     * A first message above 16 MiB would make random bytes look like a header four times in a thousand; real
     * statements that large are rare and are then reported without a protocol.
     */
    private static final int MAX_FIRST_LENGTH = 0xff_ffff;

    private FrontendReader() {}

    static List<FrontendMessage> read(byte[] bytes) {
        List<FrontendMessage> messages = new ArrayList<>(4);
        FrontendMessage untyped = untyped(bytes);
        if (untyped != null) {
            messages.add(untyped);
            return messages;
        }
        int at = 0;
        while (at < bytes.length) {
            FrontendMessage message = typed(bytes, at, messages.isEmpty());
            if (message == null) {
                break;
            }
            messages.add(message);
            if (!message.complete(bytes)) {
                break;
            }
            at = (int) message.end();
        }
        return messages;
    }

    /** A start-up packet, SSL or GSS encryption request or cancel request at the start of the prefix, or null. */
    private static FrontendMessage untyped(byte[] bytes) {
        if (bytes.length < 8 || bytes[0] != 0) {
            return null;
        }
        int length = Wire.int32(bytes, 0);
        int code = Wire.int32(bytes, 4);
        FrontendMessage.Kind kind;
        if (code == SSL_REQUEST_CODE && length == 8) {
            kind = FrontendMessage.Kind.SSL_REQUEST;
        } else if (code == GSSENC_REQUEST_CODE && length == 8) {
            kind = FrontendMessage.Kind.GSSENC_REQUEST;
        } else if (code == CANCEL_REQUEST_CODE && length == 16) {
            kind = FrontendMessage.Kind.CANCEL_REQUEST;
        } else if ((code & 0xffff_0000) == PROTOCOL_3
                && (code & 0xffff) <= HIGHEST_MINOR
                && length > 8
                && length <= MAX_STARTUP_LENGTH
                && validParameters(bytes, length)) {
            kind = FrontendMessage.Kind.STARTUP;
        } else {
            return null;
        }
        return new FrontendMessage(kind, (byte) 0, 0, 8, length);
    }

    /** Name and value strings, a NUL after the last pair, ending exactly where the packet does. */
    private static boolean validParameters(byte[] bytes, int length) {
        int at = 8;
        while (true) {
            if (at >= bytes.length) {
                return true;
            }
            if (bytes[at] == 0) {
                return at == length - 1;
            }
            int nameEnd = Wire.textEnd(bytes, at, length, Wire.Text.NAME);
            if (nameEnd == Wire.CUT) {
                return true;
            }
            if (nameEnd < 0) {
                return false;
            }
            int valueEnd = Wire.textEnd(bytes, nameEnd + 1, length, Wire.Text.VALUE);
            if (valueEnd == Wire.CUT) {
                return true;
            }
            if (valueEnd < 0) {
                return false;
            }
            at = valueEnd + 1;
        }
    }

    private static FrontendMessage typed(byte[] bytes, int at, boolean first) {
        if (at + 5 > bytes.length) {
            return null;
        }
        int length = Wire.int32(bytes, at + 1);
        if (length < 4 || length > (first ? MAX_FIRST_LENGTH : Wire.MAX_LENGTH)) {
            return null;
        }
        FrontendMessage message =
                new FrontendMessage(FrontendMessage.Kind.TYPED, bytes[at], at, at + 5, (long) at + 1 + length);
        if (first && !message.complete(bytes) && bytes.length == message.bodyStart()) {
            return null;
        }
        return valid(bytes, message, length, first) ? message : null;
    }

    private static boolean valid(byte[] bytes, FrontendMessage m, int length, boolean first) {
        int body = m.bodyStart();
        long end = m.end();
        return switch (m.type()) {
            case 'S', 'H', 'X', 'c' -> length == 4;
            case 'Q' -> length > 4 && ends(bytes, sql(bytes, body, end), end - 1);
            case 'P' -> parse(bytes, m, length);
            case 'B' -> bind(bytes, m);
            case 'E' -> length <= MAX_NAMES_LENGTH && execute(bytes, m, length);
            case 'D', 'C' ->
                length > 5
                        && length <= MAX_NAMES_LENGTH
                        && (bytes.length <= body || bytes[body] == 'S' || bytes[body] == 'P')
                        && ends(bytes, Wire.textEnd(bytes, body + 1, end, Wire.Text.NAME), end - 1);
            case 'p' -> length > 4 && length <= MAX_AUTH_LENGTH;
            case 'f' ->
                length > 4
                        && length <= MAX_COPY_FAIL_LENGTH
                        && ends(bytes, Wire.textEnd(bytes, body, end, Wire.Text.SQL), end - 1);
            case 'd', 'F' -> !first || m.complete(bytes);
            default -> false;
        };
    }

    /** Whether a string end found by {@link Wire#textEnd} is where it must be, or not visible. */
    private static boolean ends(byte[] bytes, long found, long expected) {
        return found == Wire.CUT || found == expected;
    }

    /**
     * Where the SQL text starting at {@code from} ends (its NUL), {@link Wire#CUT} if not visible, or
     * {@link Wire#INVALID}; the text must start like a statement or comment.
     */
    static long sql(byte[] bytes, int from, long limit) {
        int end = Wire.textEnd(bytes, from, limit, Wire.Text.SQL);
        if (end == Wire.INVALID) {
            return Wire.INVALID;
        }
        int visible = end == Wire.CUT ? (int) Math.min(limit, bytes.length) : end;
        for (int i = from; i < visible; i++) {
            int b = bytes[i];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') {
                continue;
            }
            boolean plausible =
                    (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '(' || b == '-' || b == '/' || b == ';';
            return plausible ? end : Wire.INVALID;
        }
        return end;
    }

    /** Statement name, SQL text, parameter type count and types. */
    private static boolean parse(byte[] bytes, FrontendMessage m, int length) {
        long end = m.end();
        int nameEnd = Wire.textEnd(bytes, m.bodyStart(), end, Wire.Text.NAME);
        if (nameEnd == Wire.CUT) {
            return true;
        }
        if (nameEnd < 0 || length < 4 + 1 + 1 + 2) {
            return false;
        }
        long sqlEnd = sql(bytes, nameEnd + 1, end);
        if (sqlEnd == Wire.CUT) {
            return true;
        }
        if (sqlEnd < 0) {
            return false;
        }
        int counts = (int) sqlEnd + 1;
        if (counts + 2 > bytes.length) {
            return counts + 2 <= end;
        }
        int types = Wire.int16(bytes, counts);
        return types >= 0 && counts + 2 + 4L * types == end;
    }

    /** Portal and statement names, then formats, values and result formats, when the whole message is visible. */
    private static boolean bind(byte[] bytes, FrontendMessage m) {
        long end = m.end();
        int portalEnd = Wire.textEnd(bytes, m.bodyStart(), end, Wire.Text.NAME);
        if (portalEnd == Wire.CUT) {
            return true;
        }
        if (portalEnd < 0) {
            return false;
        }
        int statementEnd = Wire.textEnd(bytes, portalEnd + 1, end, Wire.Text.NAME);
        if (statementEnd == Wire.CUT) {
            return true;
        }
        if (statementEnd < 0) {
            return false;
        }
        if (!m.complete(bytes)) {
            return true;
        }
        int at = statementEnd + 1;
        int formats = countAt(bytes, at, end);
        if (formats < 0) {
            return false;
        }
        at += 2 + 2 * formats;
        int values = countAt(bytes, at, end);
        if (values < 0) {
            return false;
        }
        at += 2;
        for (int k = 0; k < values; k++) {
            if (at + 4 > end) {
                return false;
            }
            int size = Wire.int32(bytes, at);
            if (size < -1 || at + 4L + Math.max(0, size) > end) {
                return false;
            }
            at += 4 + Math.max(0, size);
        }
        int resultFormats = countAt(bytes, at, end);
        return resultFormats >= 0 && at + 2L + 2L * resultFormats == end;
    }

    /** An Int16 count at {@code at} whose items could fit before {@code end}, or -1. */
    private static int countAt(byte[] bytes, int at, long end) {
        if (at + 2 > end) {
            return -1;
        }
        int count = Wire.int16(bytes, at);
        return count >= 0 ? count : -1;
    }

    /** Portal name and row limit. */
    private static boolean execute(byte[] bytes, FrontendMessage m, int length) {
        int nameEnd = Wire.textEnd(bytes, m.bodyStart(), m.end(), Wire.Text.NAME);
        return length >= 4 + 1 + 4 && (nameEnd == Wire.CUT || (nameEnd >= 0 && nameEnd + 1 + 4L == m.end()));
    }
}
