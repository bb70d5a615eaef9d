package dev.udsotel.core.redaction;

/**
 * The rule that says whether a name (an HTTP header, a URL query parameter, a form or JSON key, a {@code key=value}
 * in text) carries a credential, so its value must not leave the process.
 *
 * <p>The name is compared in lower case with {@code -} and {@code _} removed. It is a credential name when it
 * contains {@code auth} (authorization, proxy-authorization, x-auth-token, oauth...), {@code cookie} (cookie,
 * set-cookie), {@code token}, {@code secret}, {@code passw}, {@code pwd}, {@code apikey}, {@code accesskey},
 * {@code privatekey}, {@code session}, {@code credential}, {@code signature} or {@code registryconfig} (Docker's
 * base64 registry credentials), or is exactly {@code sig}, {@code pass} or {@code pw}; except {@code authority}
 * (HTTP/2's {@code :authority}, the host, which only contains {@code auth}). HTTP/2 and any other decoder with
 * named fields use the same rule.
 */
public final class CredentialNames {
    private static final String[] CONTAINED = {
        "auth",
        "cookie",
        "token",
        "secret",
        "passw",
        "pwd",
        "apikey",
        "accesskey",
        "privatekey",
        "session",
        "credential",
        "signature",
        "registryconfig"
    };
    private static final String[] EXACT = {"sig", "pass", "pw"};
    private static final String[] NOT_CREDENTIALS = {"authority", ":authority"};
    private static final byte[][][] CONTAINED_BY_FIRST = byFirstLetter(ascii(CONTAINED));
    private static final byte[][] EXACT_BYTES = ascii(EXACT);
    private static final byte[][] NOT_CREDENTIAL_BYTES = ascii(NOT_CREDENTIALS);
    /** Longer names are not credential names: they are not names at all. */
    private static final int LONGEST = 128;

    private CredentialNames() {}

    /** Whether {@code name} is a credential name. */
    public static boolean isCredential(CharSequence name) {
        if (name.length() > LONGEST) {
            return false;
        }
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            fold(folded, name.charAt(i));
        }
        return matches(folded);
    }

    /**
     * Whether the bytes {@code [from, to)} spell a credential name. Folded into one small array and matched there: the
     * text scanners ask this at every {@code :} and {@code =} of every payload they redact.
     */
    public static boolean isCredential(byte[] bytes, int from, int to) {
        if (to - from > LONGEST || to <= from) {
            return false;
        }
        byte[] folded = new byte[to - from];
        int length = 0;
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            if (c != '-' && c != '_') {
                folded[length++] = (byte) (c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            }
        }
        for (byte[] host : NOT_CREDENTIAL_BYTES) {
            if (equal(folded, length, host)) {
                return false;
            }
        }
        for (int at = 0; at < length; at++) {
            byte[][] startingHere = CONTAINED_BY_FIRST[folded[at] & 0x7f];
            if (startingHere != null) {
                for (byte[] part : startingHere) {
                    if (at + part.length <= length
                            && java.util.Arrays.equals(folded, at, at + part.length, part, 0, part.length)) {
                        return true;
                    }
                }
            }
        }
        for (byte[] exact : EXACT_BYTES) {
            if (equal(folded, length, exact)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(byte[] folded, int length, byte[] word) {
        return length == word.length && java.util.Arrays.equals(folded, 0, length, word, 0, length);
    }

    /** The contained words by their first letter: one pass over a name tries only the words that can start there. */
    private static byte[][][] byFirstLetter(byte[][] words) {
        byte[][][] table = new byte[128][][];
        for (byte[] word : words) {
            byte[][] same = table[word[0]];
            byte[][] grown = same == null ? new byte[1][] : java.util.Arrays.copyOf(same, same.length + 1);
            grown[grown.length - 1] = word;
            table[word[0]] = grown;
        }
        return table;
    }

    private static byte[][] ascii(String[] words) {
        byte[][] bytes = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            bytes[i] = words[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    private static void fold(StringBuilder folded, char c) {
        if (c == '-' || c == '_') {
            return;
        }
        folded.append(c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c);
    }

    private static boolean matches(StringBuilder folded) {
        String name = folded.toString();
        for (String host : NOT_CREDENTIALS) {
            if (name.equals(host)) {
                return false;
            }
        }
        for (String part : CONTAINED) {
            if (name.contains(part)) {
                return true;
            }
        }
        for (String exact : EXACT) {
            if (name.equals(exact)) {
                return true;
            }
        }
        return false;
    }
}
