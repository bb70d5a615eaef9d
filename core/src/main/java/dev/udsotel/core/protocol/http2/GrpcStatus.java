package dev.udsotel.core.protocol.http2;

/** gRPC status codes, and which of them are errors on which side (OpenTelemetry's RPC conventions). */
public final class GrpcStatus {
    private static final String[] NAMES = {
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    };

    private GrpcStatus() {}

    /** The code in a {@code grpc-status} value, or -1 when it is not a number. */
    static int parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 3) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    /** The status's name ({@code NOT_FOUND}), or its number when it has none. */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : Integer.toString(code);
    }

    /** Every non-OK status fails a client span; a server span fails only on the server's own faults. */
    static boolean isError(int code, boolean serverSide) {
        if (code <= 0) {
            return false;
        }
        if (!serverSide) {
            return true;
        }
        return code == 2 || code == 4 || code == 12 || code == 13 || code == 14 || code == 15;
    }
}
