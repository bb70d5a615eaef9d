package dev.udsotel.sidecar.output;

/** Builds one JSON object on a single line; enough for JSON lines, no library needed. */
final class Json {
    private final StringBuilder out = new StringBuilder(256).append('{');
    private boolean first = true;

    Json field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    Json field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    Json field(String name, boolean value) {
        key(name);
        out.append(value);
        return this;
    }

    /** A nested object, or null. */
    Json field(String name, Json object) {
        key(name);
        out.append(object == null ? "null" : object.end());
        return this;
    }

    Json field(String name, java.util.List<Json> array) {
        key(name);
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            out.append(i > 0 ? "," : "").append(array.get(i).end());
        }
        out.append(']');
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    private void key(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
