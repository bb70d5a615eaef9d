package dev.udsotel.core.event;

/** The AF_UNIX socket types, named as in socket(2). */
public enum SocketType {
    STREAM,
    DGRAM,
    SEQPACKET;

    public String attributeValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
