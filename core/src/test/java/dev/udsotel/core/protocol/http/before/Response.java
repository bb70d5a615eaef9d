package dev.udsotel.core.protocol.http.before;

/**
 * The final response in a response prefix: interim 1xx responses (100 Continue, 103 Early Hints) are skipped.
 *
 * @param status null when no status line is visible
 * @param head null when the status line itself is cut
 */
record Response(StatusLine status, HeaderSection head) {
    private static final Response NONE = new Response(null, null);

    static Response find(byte[] bytes) {
        int at = 0;
        while (at < bytes.length) {
            StatusLine status = StatusLine.parse(bytes, at);
            if (status == null) {
                return NONE;
            }
            HeaderSection head = status.end() < 0 ? null : HeaderSection.parse(bytes, status.end());
            if (!status.isInterim() || head == null || head.bodyStart() < 0 || head.bodyStart() >= bytes.length) {
                return new Response(status, head);
            }
            at = head.bodyStart();
        }
        return NONE;
    }

    /** Whether the response to {@code method} carries a body whose size is worth reporting (RFC 9110 6.4.1). */
    boolean hasBody(String method) {
        int code = status.status();
        return !method.equals("HEAD") && code != 204 && code != 304 && code >= 200;
    }
}
