package dev.udsotel.core.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The running kernel's boot id (/proc/sys/kernel/random/boot_id), a random UUID drawn at every boot. The kernel does
 * not namespace it, so both ends of a Unix socket, in any container on the host, read the same value, and no earlier
 * or later boot has it. Socket inode numbers start over after a reboot; the boot id tells those connections apart.
 *
 * @param high the UUID's first 64 bits
 * @param low the UUID's last 64 bits
 */
public record BootId(long high, long low) {
    private static final Path FILE = Path.of("/proc/sys/kernel/random/boot_id");

    /** This host's boot id, or null where it cannot be read (then no end derives identities: no guessing). */
    public static BootId current() {
        return Holder.CURRENT;
    }

    /** Parses the file's text, such as {@code 4a3c1e0b-8d2f-4b8e-9c71-2f0e5d6a7b8c}; null when it is not a UUID. */
    public static BootId parse(String text) {
        String hex = text.strip().replace("-", "");
        if (hex.length() != 32) {
            return null;
        }
        try {
            return new BootId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final class Holder {
        static final BootId CURRENT = read();

        private static BootId read() {
            try {
                return parse(Files.readString(FILE, StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
