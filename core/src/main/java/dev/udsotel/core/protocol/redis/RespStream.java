package dev.udsotel.core.protocol.redis;

import dev.udsotel.core.redaction.ByteByByteStream;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One direction of a Redis connection, read as RESP value by value so that lengths and framing stay. In the
 * request direction the secret arguments of each command ({@link RedisSecrets}) are overwritten, and for each
 * command whether its reply carries secrets is queued for the other direction, which overwrites the contents of
 * those replies. Inline commands that may carry a secret are overwritten after their first word. Once the framing
 * is lost (a header not captured, a byte that starts no value), everything after is overwritten.
 */
public final class RespStream extends ByteByByteStream {
    /** What the two directions of one connection share. */
    public static final class Shared {
        private static final int MOST_PENDING = 1024;
        private final ArrayDeque<Boolean> secretReplies = new ArrayDeque<>();
        private boolean requestsLost;

        void expectReply(boolean secret) {
            if (secretReplies.size() >= MOST_PENDING) {
                requestsLost = true; // the replies stopped coming: no telling which one is which anymore
                return;
            }
            secretReplies.add(secret);
        }

        boolean nextReplySecret() {
            Boolean secret = secretReplies.poll();
            return requestsLost || secret == null || secret;
        }
    }

    private static final int MOST_DEPTH = 16;
    private static final int WORD_LIMIT = 32;

    private enum Mode {
        VALUE_START,
        HEADER,
        BULK,
        INLINE,
        LOST
    }

    private final boolean requests;
    private final Shared shared;
    private Mode mode = Mode.VALUE_START;
    private final long[] remaining = new long[MOST_DEPTH];
    private int depth;
    private byte type;
    private long number;
    private boolean negative;
    private long bulkLeft;
    private long bulkAt;
    private boolean maskValue;
    /** Request direction: the command being read. */
    private int element;

    private String name;
    private String sub;
    private String third;
    private String previous;
    private String beforePrevious;
    private final StringBuilder word = new StringBuilder(WORD_LIMIT);
    private boolean wordCut;
    private boolean inlineFirstWord;

    /** @param requests whether this direction carries commands (the client's sends, the server's receives) */
    public RespStream(boolean requests, Shared shared) {
        this.requests = requests;
        this.shared = shared;
    }

    @Override
    protected void uncaptured(long gap) {
        if (mode == Mode.BULK && gap <= bulkLeft) {
            bulkLeft -= gap;
            bulkAt += gap;
            wordCut = true;
            if (bulkLeft == 0) {
                valueDone();
            }
            return;
        }
        mode = Mode.LOST;
        if (requests) {
            shared.requestsLost = true;
        }
    }

    @Override
    protected boolean secret(byte b) {
        switch (mode) {
            case LOST -> {
                return true;
            }
            case VALUE_START -> {
                return valueStart(b);
            }
            case HEADER -> {
                return header(b);
            }
            case BULK -> {
                return bulk(b);
            }
            case INLINE -> {
                return inline(b);
            }
        }
        return true;
    }

    private boolean valueStart(byte b) {
        if (depth == 0 && requests && b != '*') {
            if (b == '\r' || b == '\n' || b == ' ') {
                return false;
            }
            mode = Mode.INLINE;
            word.setLength(0);
            inlineFirstWord = true;
            maskValue = false;
            return inline(b);
        }
        if ("*%~>|$=!+-:_#,(".indexOf(b) < 0) {
            mode = Mode.LOST;
            if (requests) {
                shared.requestsLost = true;
            }
            return true;
        }
        if (depth == 0) {
            maskValue = !requests && shared.nextReplySecret();
            if (requests) {
                element = -1;
                name = sub = third = previous = beforePrevious = null;
            }
        } else if (requests && depth == 1) {
            element++;
        }
        type = b;
        number = 0;
        negative = false;
        mode = Mode.HEADER;
        return false;
    }

    private boolean header(byte b) {
        boolean simple = "+-:_#,(".indexOf(type) >= 0;
        if (b == '\n') {
            headerDone();
            return false;
        }
        if (b == '\r') {
            return false;
        }
        if (!simple) {
            if (b == '-') {
                negative = true;
            } else if (b >= '0' && b <= '9' && number < (1L << 40)) {
                number = number * 10 + (b - '0');
            }
            return false;
        }
        return maskValue;
    }

    private void headerDone() {
        long n = negative ? -1 : number;
        switch (type) {
            case '*', '%', '~', '>', '|' -> {
                long count = (type == '%' || type == '|') ? 2 * n : n;
                if (count <= 0) {
                    valueDone();
                } else if (depth >= MOST_DEPTH) {
                    mode = Mode.LOST;
                } else {
                    remaining[depth++] = count;
                    mode = Mode.VALUE_START;
                }
            }
            case '$', '=', '!' -> {
                if (n < 0) {
                    valueDone();
                } else {
                    bulkLeft = n + 2;
                    bulkAt = 0;
                    word.setLength(0);
                    wordCut = false;
                    mode = Mode.BULK;
                }
            }
            default -> valueDone();
        }
    }

    private boolean bulk(byte b) {
        long at = bulkAt++;
        bulkLeft--;
        boolean data = bulkLeft >= 2;
        boolean secret = maskValue;
        if (requests && depth == 1 && data) {
            if (at == 0) {
                elementSecret = element >= 1
                        && (name == null
                                || RedisSecrets.isSecretArgument(name, sub, previous, beforePrevious, element, b));
            }
            secret |= elementSecret;
            if (word.length() < WORD_LIMIT) {
                word.append((char) (b & 0xff));
            } else {
                wordCut = true;
            }
        }
        if (bulkLeft == 0) {
            valueDone();
        }
        return data && secret;
    }

    private boolean elementSecret;

    private boolean inline(byte b) {
        if (b == '\n') {
            if (inlineFirstWord) {
                inlineWordDone();
            }
            mode = Mode.VALUE_START;
            return false;
        }
        if (inlineFirstWord) {
            if (b == ' ' || b == '\t' || b == '\r') {
                inlineWordDone();
                return false;
            }
            if (word.length() < WORD_LIMIT) {
                word.append((char) (b & 0xff));
            }
            return false;
        }
        return maskValue && b != '\r';
    }

    /** An inline command that may carry a secret is overwritten after its name; its reply may carry one too. */
    private void inlineWordDone() {
        inlineFirstWord = false;
        String command = word.toString().toUpperCase(Locale.ROOT);
        boolean risky = switch (command) {
            case "AUTH", "HELLO", "MIGRATE", "CONFIG", "ACL" -> true;
            default -> false;
        };
        maskValue = risky;
        shared.expectReply(command.equals("CONFIG") || command.equals("ACL"));
    }

    private void valueDone() {
        mode = Mode.VALUE_START;
        if (requests && depth == 1) {
            String text = wordCut ? null : word.toString().toUpperCase(Locale.ROOT);
            switch (element) {
                case 0 -> name = text;
                case 1 -> sub = text;
                case 2 -> third = text;
                default -> {}
            }
            beforePrevious = previous;
            previous = text;
            word.setLength(0);
            wordCut = false;
        }
        while (depth > 0) {
            if (--remaining[depth - 1] > 0) {
                return;
            }
            depth--;
            if (requests && depth == 0) {
                break;
            }
        }
        if (depth == 0 && requests) {
            shared.expectReply(RedisSecrets.hasSecretReply(name, sub, third));
        }
    }
}
