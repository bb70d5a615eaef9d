package dev.udsotel.core.protocol.http;

import dev.udsotel.core.payload.ByteScan;
import dev.udsotel.core.payload.PayloadText;

/**
 * A request target split into path and query. Absolute form ({@code http://host/p?q}) loses its scheme and
 * authority; authority form (CONNECT's {@code host:port}) has no path.
 *
 * @param path null for authority form
 * @param query the part after {@code ?}, or null when there is none
 */
record Target(String path, String query) {

    /**
     * The target from {@code start} to {@code end} (at least one byte), as text in {@link PayloadText}'s rendering.
     * An origin-form target is split on its bytes, rendering only the two parts: the rendering maps each byte on
     * its own and no escape holds a {@code ?}, so this equals splitting the rendered whole.
     */
    static Target of(byte[] bytes, int start, int end) {
        if (bytes[start] != '/') {
            return split(PayloadText.render(bytes, start, end - start));
        }
        int query = ByteScan.indexOf(bytes, (byte) '?', start, end);
        if (query == end) {
            return new Target(PayloadText.render(bytes, start, end - start), null);
        }
        return new Target(
                PayloadText.render(bytes, start, query - start), PayloadText.render(bytes, query + 1, end - query - 1));
    }

    /** The rendered {@code target} split as the class comment says. */
    static Target split(String target) {
        String rest = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.charAt(0) != '/') {
            int pathStart = target.indexOf('/', scheme + 3);
            int queryStart = target.indexOf('?', scheme + 3);
            if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
                rest = "/" + (queryStart >= 0 ? target.substring(queryStart) : "");
            } else {
                rest = target.substring(pathStart);
            }
        } else if (target.charAt(0) != '/' && target.charAt(0) != '*') {
            return new Target(null, null);
        }
        int query = rest.indexOf('?');
        if (query < 0) {
            return new Target(rest, null);
        }
        return new Target(rest.substring(0, query), rest.substring(query + 1));
    }
}
