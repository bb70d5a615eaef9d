package dev.udsotel.core.protocol.postgres;

/**
 * One message a PostgreSQL client sent, as far as the captured prefix shows it.
 *
 * @param kind the untyped start-up family, or {@link Kind#TYPED} for everything after start-up
 * @param type the type byte of a typed message ({@code 'Q'}, {@code 'P'}, {@code 'p'}...), 0 for the others
 * @param start where the message starts: its type byte, or its length for the untyped ones
 * @param bodyStart where the content after the length starts
 * @param end just past the message as its length declares it; beyond the prefix when the capture cut it
 */
record FrontendMessage(Kind kind, byte type, int start, int bodyStart, long end) {
    enum Kind {
        STARTUP,
        SSL_REQUEST,
        GSSENC_REQUEST,
        CANCEL_REQUEST,
        TYPED
    }

    boolean complete(byte[] bytes) {
        return end <= bytes.length;
    }

    int visibleEnd(byte[] bytes) {
        return (int) Math.min(end, bytes.length);
    }

    boolean isTyped(char expected) {
        return kind == Kind.TYPED && type == expected;
    }
}
