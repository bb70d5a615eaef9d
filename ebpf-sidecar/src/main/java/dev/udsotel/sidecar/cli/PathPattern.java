package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --path}: a glob over socket paths, or over {@code @name} for abstract names.
 * A filesystem pattern also matches in its canonical form, so {@code --path /var/run/docker.sock}
 * finds a socket bound as {@code /run/docker.sock} through the {@code /var/run} symlink, and the reverse.
 */
final class PathPattern {
    private final String asWritten;
    private final List<PathMatcher> matchers = new ArrayList<>();

    private PathPattern(String asWritten) {
        this.asWritten = asWritten;
    }

    static PathPattern of(String written) {
        PathPattern pattern = new PathPattern(written);
        if (written.startsWith("@")) {
            pattern.addGlob(written);
            return pattern;
        }
        String absolute = written.startsWith("/")
                ? written
                : Path.of("").toAbsolutePath().resolve(written).toString();
        pattern.addGlob(Path.of(absolute).normalize().toString());
        String canonical = canonicalPrefix(absolute);
        if (canonical != null) {
            pattern.addGlob(canonical);
        }
        return pattern;
    }

    boolean matches(String path) {
        Path p = Path.of(path);
        for (PathMatcher m : matchers) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return asWritten;
    }

    private void addGlob(String glob) {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }

    /** The glob with its literal leading directories resolved through symlinks, or null if nothing changes. */
    private static String canonicalPrefix(String absolute) {
        int firstMeta = firstGlobCharacter(absolute);
        String literal = firstMeta < 0 ? absolute : absolute.substring(0, absolute.lastIndexOf('/', firstMeta) + 1);
        String rest = absolute.substring(literal.length());
        Path existing = Path.of(literal);
        String unresolved = "";
        while (existing != null && !existing.toFile().exists()) {
            unresolved = existing.getFileName() + (unresolved.isEmpty() ? "" : "/" + unresolved);
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        try {
            Path real = existing.toRealPath();
            if (!unresolved.isEmpty()) {
                real = real.resolve(unresolved);
            }
            String canonical = real + (rest.isEmpty() ? "" : (real.toString().endsWith("/") ? "" : "/") + rest);
            return canonical.equals(absolute) ? null : canonical;
        } catch (IOException e) {
            return null;
        }
    }

    private static int firstGlobCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{\\".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
