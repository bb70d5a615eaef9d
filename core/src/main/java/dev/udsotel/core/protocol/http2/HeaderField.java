package dev.udsotel.core.protocol.http2;

/**
 * One decoded header field. After a lost header block, a field that referred to a dynamic-table entry the decoder
 * cannot be sure of has a null name or value: it is never guessed.
 *
 * @param name lower-case field name, or null when unknown
 * @param value the value as ISO-8859-1 text, or null when unknown
 */
public record HeaderField(String name, String value) {
    /** Whether both parts are known. */
    public boolean certain() {
        return name != null && value != null;
    }

    /** Size counted against the dynamic table (RFC 7541, 4.1); an unknown part counts as empty. */
    int tableSize() {
        return 32 + (name == null ? 0 : name.length()) + (value == null ? 0 : value.length());
    }
}
