package dev.udsotel.core.payload;

import java.util.SplittableRandom;

/** Payloads for comparing fast paths with byte-by-byte ones: mostly printable text with some of every other byte. */
final class PayloadTexts {
    private PayloadTexts() {}

    static byte[] generated(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(300)];
        switch (random.nextInt(4)) {
            case 0 -> random.nextBytes(bytes);
            case 1 -> {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (0x20 + random.nextInt(0x5f));
                }
            }
            default -> {
                double odd = random.nextDouble() * 0.05;
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = random.nextDouble() < odd
                            ? (byte) random.nextInt(256)
                            : (byte) (0x20 + random.nextInt(0x5f));
                }
            }
        }
        return bytes;
    }
}
