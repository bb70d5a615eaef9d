package dev.udsotel.testing;

/**
 * Debian's python3, which the tests' peers run on. The {@code python3} first on a CI PATH can be a pyenv shim: a
 * bash script whose subshells are extra processes in the test's pid, cgroup and capture, and whose interpreter
 * lacks Debian's python3-grpcio.
 */
public final class SystemPython {
    public static final String PATH = "/usr/bin/python3";

    private SystemPython() {}
}
