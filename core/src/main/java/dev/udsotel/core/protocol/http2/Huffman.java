package dev.udsotel.core.protocol.http2;

import java.io.ByteArrayOutputStream;

/**
 * Decodes HPACK's Huffman-coded strings (RFC 7541, Appendix B).
 *
 * <p>The code is canonical: each symbol's code follows from the code lengths alone (shorter codes first, equal
 * lengths in symbol order), so only the lengths are written here and the codes are derived once.
 */
final class Huffman {
    /** Code length in bits of symbols 0 to 255, then of EOS (256). */
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };

    static final int EOS = 256;
    private static final int[] CODES = canonicalCodes();
    /** A binary decoding tree: node {@code n} has children at {@code 2n} and {@code 2n+1}; leaves hold symbol + 1. */
    private static final Node ROOT = tree();

    private Huffman() {}

    /** The code of {@code symbol}, right-aligned in an int; for tests against the RFC's table. */
    static int code(int symbol) {
        return CODES[symbol];
    }

    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /**
     * The decoded bytes, or null when the input is not a valid encoding: it holds EOS, or its padding is longer
     * than 7 bits or not all ones (RFC 7541, 5.2).
     */
    static byte[] decode(byte[] in, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length * 8 / 5 + 1);
        Node node = ROOT;
        int depth = 0;
        boolean allOnes = true;
        for (int i = offset; i < offset + length; i++) {
            int b = in[i] & 0xff;
            for (int bit = 7; bit >= 0; bit--) {
                int one = (b >>> bit) & 1;
                node = one == 1 ? node.one : node.zero;
                if (node == null) {
                    return null;
                }
                depth++;
                allOnes &= one == 1;
                if (node.symbol >= 0) {
                    if (node.symbol == EOS) {
                        return null;
                    }
                    out.write(node.symbol);
                    node = ROOT;
                    depth = 0;
                    allOnes = true;
                }
            }
        }
        if (depth > 7 || !allOnes) {
            return null;
        }
        return out.toByteArray();
    }

    private static int[] canonicalCodes() {
        int[] codes = new int[LENGTHS.length];
        int code = 0;
        int previousLength = 0;
        for (int length = 1; length <= 30; length++) {
            for (int symbol = 0; symbol < LENGTHS.length; symbol++) {
                if (LENGTHS[symbol] == length) {
                    code <<= length - previousLength;
                    previousLength = length;
                    codes[symbol] = code++;
                }
            }
        }
        return codes;
    }

    private static Node tree() {
        Node root = new Node();
        for (int symbol = 0; symbol < LENGTHS.length; symbol++) {
            Node node = root;
            for (int bit = LENGTHS[symbol] - 1; bit >= 0; bit--) {
                boolean one = ((CODES[symbol] >>> bit) & 1) == 1;
                Node next = one ? node.one : node.zero;
                if (next == null) {
                    next = new Node();
                    if (one) {
                        node.one = next;
                    } else {
                        node.zero = next;
                    }
                }
                node = next;
            }
            node.symbol = symbol;
        }
        return root;
    }

    private static final class Node {
        Node zero;
        Node one;
        int symbol = -1;
    }
}
