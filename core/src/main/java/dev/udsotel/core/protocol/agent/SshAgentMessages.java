package dev.udsotel.core.protocol.agent;

/**
 * The ssh-agent protocol's framing (draft-miller-ssh-agent): each message is a 32-bit big-endian length, a type
 * byte and the type's contents. Keys travel in those contents ({@code ADD_IDENTITY} carries a private key), so
 * only lengths and types ever leave.
 */
public final class SshAgentMessages {
    /** Larger messages are not ssh-agent's: OpenSSH refuses those above 256 KiB. */
    static final int MAX_LENGTH = 256 * 1024;

    private static final String[] NAMES = new String[32];

    static {
        NAMES[5] = "FAILURE";
        NAMES[6] = "SUCCESS";
        NAMES[11] = "REQUEST_IDENTITIES";
        NAMES[12] = "IDENTITIES_ANSWER";
        NAMES[13] = "SIGN_REQUEST";
        NAMES[14] = "SIGN_RESPONSE";
        NAMES[17] = "ADD_IDENTITY";
        NAMES[18] = "REMOVE_IDENTITY";
        NAMES[19] = "REMOVE_ALL_IDENTITIES";
        NAMES[20] = "ADD_SMARTCARD_KEY";
        NAMES[21] = "REMOVE_SMARTCARD_KEY";
        NAMES[22] = "LOCK";
        NAMES[23] = "UNLOCK";
        NAMES[25] = "ADD_ID_CONSTRAINED";
        NAMES[26] = "ADD_SMARTCARD_KEY_CONSTRAINED";
        NAMES[27] = "EXTENSION";
        NAMES[28] = "EXTENSION_FAILURE";
    }

    private SshAgentMessages() {}

    /** The name of a client's request type, or null. */
    static String requestName(int type) {
        return type >= 11 && type < NAMES.length && type != 12 && type != 14 && type != 28 ? NAMES[type] : null;
    }

    /** Whether {@code type} is an agent's answer. */
    static boolean isAnswer(int type) {
        return type == 5 || type == 6 || type == 12 || type == 14 || type == 28;
    }

    /** The type of the message starting at {@code at}, or -1 when its header is not a plausible one. */
    static int typeAt(byte[] bytes, int at) {
        if (at + 5 > bytes.length) {
            return -1;
        }
        long length = (bytes[at] & 0xffL) << 24
                | (bytes[at + 1] & 0xff) << 16
                | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
        return length >= 1 && length <= MAX_LENGTH ? bytes[at + 4] & 0xff : -1;
    }

    /** Whether these bytes start like an ssh-agent request. */
    public static boolean startsRequest(byte[] bytes) {
        return requestName(typeAt(bytes, 0)) != null;
    }

    /** Whether these bytes start like an ssh-agent answer. */
    public static boolean startsAnswer(byte[] bytes) {
        return isAnswer(typeAt(bytes, 0));
    }
}
