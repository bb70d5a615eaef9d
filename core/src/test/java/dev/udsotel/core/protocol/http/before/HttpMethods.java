package dev.udsotel.core.protocol.http.before;

import java.util.Set;

/** The request methods of RFC 9110 and RFC 5789 (PATCH): the ones OpenTelemetry calls known. */
final class HttpMethods {
    private static final Set<String> KNOWN =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    static final int LONGEST = 7;

    private HttpMethods() {}

    static boolean isKnown(String method) {
        return KNOWN.contains(method);
    }
}
