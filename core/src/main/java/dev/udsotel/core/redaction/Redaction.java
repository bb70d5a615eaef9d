package dev.udsotel.core.redaction;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * What may leave the process: the one policy both pillars apply before any byte reaches an output.
 *
 * <p>By default ({@link #DEFAULT}) secrets are removed by structure from every protocol a decoder understands,
 * credential-looking {@code key=value} and {@code key: value} pairs are scrubbed from other text, and the bytes of
 * protocols nothing understands that look binary are withheld: only sizes, timing and the protocol guess leave.
 * Key material of ssh-agent and gpg-agent never leaves, whatever this says.
 *
 * @param enabled false only when the user explicitly turned redaction off ({@code redaction=off})
 * @param rawPaths socket path globs whose unrecognized binary bytes may leave as they are (the opt-in)
 */
public record Redaction(boolean enabled, List<String> rawPaths) {
    public static final Redaction DEFAULT = new Redaction(true, List.of());
    public static final Redaction OFF = new Redaction(false, List.of());

    public Redaction {
        rawPaths = List.copyOf(rawPaths);
    }

    public Redaction(boolean enabled) {
        this(enabled, List.of());
    }

    /** Whether unrecognized binary bytes on {@code socketPath} may leave: redaction off, or the path opted in. */
    public boolean revealsBinary(String socketPath) {
        if (!enabled) {
            return true;
        }
        if (rawPaths.isEmpty() || socketPath == null || socketPath.isEmpty()) {
            return false;
        }
        Path path = Path.of(socketPath.replace('\0', '@'));
        for (String glob : rawPaths) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            if (matcher.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
