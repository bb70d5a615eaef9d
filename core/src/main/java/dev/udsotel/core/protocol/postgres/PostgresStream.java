package dev.udsotel.core.protocol.postgres;

import dev.udsotel.core.redaction.ByteByByteStream;

/**
 * One direction of a PostgreSQL connection, read message by message so that types and lengths stay. Frontend:
 * password messages ({@code 'p'}: cleartext, MD5, SASL, GSS), Bind parameters, function call arguments, COPY data
 * and a cancel request's key are overwritten whole, a {@code password} start-up parameter's value too, and the
 * literals of Query and Parse statements ({@link SqlLiteralMask}). Backend: the column values of every DataRow, the
 * data of AuthenticationSASLFinal, COPY data and the cancel key of BackendKeyData. When TLS is accepted, or the
 * framing is lost (a header not captured), everything after is overwritten.
 */
public final class PostgresStream extends ByteByByteStream {
    /** What the two directions of one connection share. */
    public static final class Shared {
        private boolean encryptionAnswerPending;
        private boolean opaque;
        /** The server offered SASL: the client's next password message is a SASLInitialResponse. */
        private boolean saslInitialNext;
    }

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;
    private static final int PROTOCOL_3 = 196608;
    private static final int AUTH_SASL = 10;

    private final boolean frontend;
    private final Shared shared;
    private boolean expectUntyped;
    private final byte[] header = new byte[8];
    private int headerAt;
    private byte type;
    private long bodyLeft;
    private long bodyAt;
    private boolean lost;
    /** Per-message reading state. */
    private SqlLiteralMask sql;

    private int strings;
    private final StringBuilder key = new StringBuilder();
    private boolean secretValue;
    private int authCode;
    /** Where a SASLInitialResponse's data begins, after its mechanism name and length. */
    private long saslDataFrom;

    private long columnsHeaderLeft;
    private long columnLengthAt;
    private long columnLength;
    private long columnLeft;

    /** @param frontend whether this direction is the client's (its sends, the server's receives) */
    public PostgresStream(boolean frontend, Shared shared) {
        this.frontend = frontend;
        this.shared = shared;
        this.expectUntyped = frontend;
    }

    @Override
    protected void uncaptured(long gap) {
        if (bodyLeft >= gap && headerAt == 0) {
            bodyLeft -= gap;
            bodyAt += gap;
            sql = null; // a literal may have begun in what went by: overwrite the rest of this statement
            columnLeft = Long.MAX_VALUE;
            if (bodyLeft == 0) {
                messageDone();
            }
        } else {
            lost = true;
        }
    }

    @Override
    protected boolean secret(byte b) {
        if (lost || shared.opaque) {
            return true;
        }
        if (!frontend && shared.encryptionAnswerPending && headerAt == 0 && bodyLeft == 0) {
            shared.encryptionAnswerPending = false;
            shared.opaque = b == 'S' || b == 'G';
            return false;
        }
        if (bodyLeft > 0) {
            bodyLeft--;
            boolean secret = body(b, bodyAt++);
            if (bodyLeft == 0) {
                messageDone();
            }
            return secret;
        }
        header[headerAt++] = b;
        int headerSize = expectUntyped ? 8 : 5;
        if (headerAt < headerSize) {
            return false;
        }
        headerAt = 0;
        startMessage();
        return false;
    }

    private void startMessage() {
        long length;
        if (expectUntyped) {
            type = 0;
            length = Wire.int32(header, 0) & 0xffffffffL;
            int code = Wire.int32(header, 4);
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                shared.encryptionAnswerPending = true;
            } else if (code == PROTOCOL_3 || code == CANCEL_REQUEST) {
                expectUntyped = false;
                type = code == CANCEL_REQUEST ? (byte) 'k' : (byte) 0;
            } else {
                lost = true;
                return;
            }
            length -= 8;
        } else {
            type = header[0];
            length = (Wire.int32(header, 1) & 0xffffffffL) - 4;
        }
        if (length < 0 || length > Wire.MAX_LENGTH) {
            lost = true;
            return;
        }
        bodyLeft = length;
        bodyAt = 0;
        sql = type == 'Q' ? new SqlLiteralMask() : null;
        strings = 0;
        key.setLength(0);
        secretValue = false;
        authCode = 0;
        columnsHeaderLeft = 2;
        columnLengthAt = 0;
        columnLength = 0;
        columnLeft = 0;
        if (bodyLeft == 0) {
            messageDone();
        }
    }

    private void messageDone() {
        sql = null;
    }

    /** Whether byte {@code at} of the current message's body is secret. */
    private boolean body(byte b, long at) {
        if (frontend) {
            return switch (type) {
                case 'p' -> password(b, at);
                case 'B', 'F', 'd', 'k' -> true;
                case 'Q' -> sql == null || sql.literal(b);
                case 'P' -> parse(b);
                case 0 -> startupParameter(b);
                default -> false;
            };
        }
        return switch (type) {
            case 'D' -> dataRow(b);
            case 'd', 'K' -> true;
            case 'R' -> {
                if (at < 4) {
                    authCode = authCode << 8 | (b & 0xff);
                    if (at == 3) {
                        shared.saslInitialNext = authCode == AUTH_SASL;
                    }
                    yield false;
                }
                yield authCode == BackendSummary.AUTH_SASL_FINAL;
            }
            default -> false;
        };
    }

    /**
     * A password message keeps its framing, so Wireshark still reads it: a cleartext or MD5 password its terminating
     * zero, a SASLInitialResponse its mechanism name and data length; the rest is secret.
     */
    private boolean password(byte b, long at) {
        if (!shared.saslInitialNext) {
            return b != 0 || bodyLeft > 0;
        }
        if (bodyLeft == 0) {
            shared.saslInitialNext = false;
        }
        if (strings == 0) {
            if (b == 0) {
                strings = 1;
                saslDataFrom = at + 5;
            }
            return false;
        }
        return at >= saslDataFrom;
    }

    /** Parse: the statement name, then the SQL, whose literals are secret. */
    private boolean parse(byte b) {
        if (strings >= 2) {
            return false;
        }
        if (b == 0) {
            strings++;
            if (strings == 1) {
                sql = new SqlLiteralMask();
            }
            return false;
        }
        return strings == 1 && (sql == null || sql.literal(b));
    }

    /** Start-up parameters: name and value strings in turn; the value of {@code password} is secret. */
    private boolean startupParameter(byte b) {
        boolean value = strings % 2 == 1;
        if (b == 0) {
            if (!value) {
                secretValue = key.toString().equalsIgnoreCase("password");
                key.setLength(0);
            }
            strings++;
            return false;
        }
        if (!value && key.length() < 64) {
            key.append((char) (b & 0xff));
        }
        return value && secretValue;
    }

    /** DataRow: a column count, then per column a length and that many bytes, which are secret. */
    private boolean dataRow(byte b) {
        if (columnsHeaderLeft > 0) {
            columnsHeaderLeft--;
            return false;
        }
        if (columnLeft > 0) {
            columnLeft--;
            return true;
        }
        columnLength = columnLength << 8 | (b & 0xff);
        if (++columnLengthAt == 4) {
            int length = (int) columnLength;
            columnLeft = Math.max(0, length);
            columnLengthAt = 0;
            columnLength = 0;
        }
        return false;
    }
}
