package dev.udsotel.core.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds a secret, or any piece of it long enough to matter, in exported text and bytes. A piece is
 * {@value #PIECE} bytes: the capture limit may cut a secret, and what is visible of it must go too.
 */
final class SecretPieces {
    static final int PIECE = 6;

    private final long[] pieces;

    SecretPieces(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.ISO_8859_1);
        long[] all = new long[Math.max(0, bytes.length - PIECE + 1)];
        for (int i = 0; i < all.length; i++) {
            all[i] = piece(bytes, i);
        }
        Arrays.sort(all);
        pieces = all;
    }

    boolean in(byte[] bytes) {
        if (bytes.length < PIECE) {
            return false;
        }
        long window = 0;
        long mask = (1L << (8 * PIECE)) - 1;
        for (int i = 0; i < bytes.length; i++) {
            window = (window << 8 | (bytes[i] & 0xff)) & mask;
            if (i >= PIECE - 1 && Arrays.binarySearch(pieces, window) >= 0) {
                return true;
            }
        }
        return false;
    }

    boolean in(String text) {
        return in(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static long piece(byte[] bytes, int at) {
        long value = 0;
        for (int k = 0; k < PIECE; k++) {
            value = value << 8 | (bytes[at + k] & 0xff);
        }
        return value;
    }
}
