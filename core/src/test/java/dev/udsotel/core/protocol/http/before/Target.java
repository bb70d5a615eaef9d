package dev.udsotel.core.protocol.http.before;

/**
 * A request target split into path and query. Absolute form ({@code http://host/p?q}) loses its scheme and
 * authority; authority form (CONNECT's {@code host:port}) has no path.
 *
 * @param path null for authority form
 * @param query the part after {@code ?}, or null when there is none
 */
record Target(String path, String query) {

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
