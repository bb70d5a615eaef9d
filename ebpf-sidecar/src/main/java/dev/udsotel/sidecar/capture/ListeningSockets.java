package dev.udsotel.sidecar.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Paths of listening AF_UNIX sockets: those the probe saw bound and listening, plus, when asked about
 * a path it has not seen, the listeners in /proc/net/unix (sockets created before capture began).
 */
final class ListeningSockets {
    /** __SO_ACCEPTCON in /proc/net/unix's Flags column. */
    private static final int ACCEPTING = 0x10000;

    private final Path procNetUnix;
    private final Set<String> seen = new HashSet<>();

    ListeningSockets(Path procNetUnix) {
        this.procNetUnix = procNetUnix;
    }

    ListeningSockets() {
        this(Path.of("/proc/net/unix"));
    }

    void listening(String path) {
        if (!path.isEmpty()) {
            seen.add(path);
        }
    }

    boolean isListening(String path) {
        if (path.isEmpty()) {
            return false;
        }
        if (seen.contains(path)) {
            return true;
        }
        if (fromProc().contains(path)) {
            seen.add(path);
            return true;
        }
        return false;
    }

    private Set<String> fromProc() {
        Set<String> paths = new HashSet<>();
        try {
            for (String line : Files.readAllLines(procNetUnix)) {
                // Num RefCount Protocol Flags Type St Inode Path
                String[] f = line.trim().split("\\s+", 8);
                if (f.length == 8 && !f[0].equals("Num") && (Integer.parseInt(f[3], 16) & ACCEPTING) != 0) {
                    paths.add(f[7]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: no extra knowledge
        }
        return paths;
    }
}
