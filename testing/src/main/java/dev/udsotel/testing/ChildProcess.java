package dev.udsotel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real child process whose stdout and stderr are captured in memory and copied, interleaved by line, to
 * {@code target/child-processes/<name>-<pid>.log} for diagnosis. Every failure message carries the tail of that
 * output. Closing it ends the process (SIGTERM, then SIGKILL) and the processes it started.
 *
 * <pre>{@code
 * try (ChildProcess server = ChildProcess.command("socat", "UNIX-LISTEN:/tmp/s", "EXEC:cat").name("socat").start()) {
 *   CommandResult reply = ChildProcess.command("nc", "-U", "-N", "/tmp/s").input("hi\n").run(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class ChildProcess implements AutoCloseable {

    private static final int TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Object lock = new Object();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final List<String> lines = new ArrayList<>();
    private final Thread[] readers = new Thread[2];
    private final Path logFile;
    private Writer log;
    private int openStreams = 2;

    private ChildProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.logFile = logDirectory().resolve(name + "-" + process.pid() + ".log");
        openLog();
        readers[0] = reader(process.getInputStream(), stdout, "");
        readers[1] = reader(process.getErrorStream(), stderr, "[err] ");
    }

    /** Starts describing a process to run; {@code command[0]} is looked up on the PATH. */
    public static Builder command(String... command) {
        return new Builder(Arrays.asList(command));
    }

    /** Starts describing a process to run. */
    public static Builder command(List<String> command) {
        return new Builder(command);
    }

    /** Runs a command to completion within {@code timeout} (failing with its output if it takes longer). */
    public static CommandResult run(Duration timeout, String... command) {
        return command(command).run(timeout);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything written to stdout so far. */
    public String stdout() {
        synchronized (lock) {
            return stdout.toString();
        }
    }

    /** Everything written to stderr so far. */
    public String stderr() {
        synchronized (lock) {
            return stderr.toString();
        }
    }

    /** The complete lines of stdout and stderr so far, interleaved as they arrived, stderr's prefixed with {@code [err] }. */
    public String output() {
        synchronized (lock) {
            return String.join("\n", lines);
        }
    }

    /** The process's standard input, e.g. to type into an interactive client. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Where the interleaved output is copied, for a look after a failed run. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Waits until stdout or stderr contains {@code text} (a partial last line counts) and returns the line holding
     * it. Fails at once if the process ends without printing it, or after {@code timeout}, with the output's tail.
     */
    public String awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                String line = lineContaining(stdout, text);
                if (line == null) {
                    line = lineContaining(stderr, text);
                }
                if (line != null) {
                    return line;
                }
                if (openStreams == 0) {
                    throw failure("ended (exit " + exitCodeText() + ") without printing '" + text + "'");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw failure("did not print '" + text + "' within " + timeout);
                }
                waitOn(left);
            }
        }
    }

    private static String lineContaining(StringBuilder output, String text) {
        int at = output.indexOf(text);
        if (at < 0) {
            return null;
        }
        int start = output.lastIndexOf("\n", at) + 1;
        int end = output.indexOf("\n", at + text.length());
        return output.substring(start, end < 0 ? output.length() : end).strip();
    }

    /** Waits for the process to exit by itself and returns its exit code; fails with the output tail on timeout. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failure("still running after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting");
        }
        joinReaders();
        return process.exitValue();
    }

    /**
     * Asks the process to end with SIGTERM (so a JVM runs its shutdown hooks and flushes its exporters), waits up to
     * {@code grace}, then kills it. Returns the exit code (143 when a JVM ended on SIGTERM). What it prints while it
     * ends (a summary at exit) is kept: the signal goes through its {@link ProcessHandle}, since
     * {@link Process#destroy()} also closes the pipes from the process at once.
     */
    public int stop(Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy();
        try {
            if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        joinReaders();
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last {@code count} lines of output, for failure messages. */
    public String tail(int count) {
        synchronized (lock) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }

    /** An AssertionError naming this process, with {@code problem} and the tail of its output. */
    public AssertionError failure(String problem) {
        return new AssertionError(name + " (pid " + process.pid() + ") " + problem + "\ncommand: "
                + String.join(" ", command) + "\n--- last " + TAIL_LINES + " lines of output (all in " + logFile
                + "):\n" + tail(TAIL_LINES));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(STOP_GRACE);
        } else {
            joinReaders();
        }
        synchronized (lock) {
            closeLog();
        }
    }

    private Thread reader(InputStream stream, StringBuilder buffer, String prefix) {
        Thread thread = new Thread(
                () -> {
                    StringBuilder partialLine = new StringBuilder();
                    try (InputStreamReader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                        char[] chunk = new char[8192];
                        for (int read; (read = in.read(chunk)) >= 0; ) {
                            record(buffer, prefix, partialLine, chunk, read);
                        }
                    } catch (IOException ignored) {
                        // the stream closes when the process is killed; what was read is kept
                    } finally {
                        synchronized (lock) {
                            if (partialLine.length() > 0) {
                                addLine(prefix + partialLine);
                            }
                            openStreams--;
                            lock.notifyAll();
                        }
                    }
                },
                name + (prefix.isEmpty() ? "-stdout" : "-stderr"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Keeps the output exactly in {@code buffer}, and complete lines (tagged by stream) in the interleaved list. */
    private void record(StringBuilder buffer, String prefix, StringBuilder partialLine, char[] chunk, int length) {
        synchronized (lock) {
            buffer.append(chunk, 0, length);
            for (int i = 0; i < length; i++) {
                if (chunk[i] == '\n') {
                    addLine(prefix + partialLine);
                    partialLine.setLength(0);
                } else if (chunk[i] != '\r') {
                    partialLine.append(chunk[i]);
                }
            }
            lock.notifyAll();
        }
    }

    private void addLine(String line) {
        lines.add(line);
        if (log != null) {
            try {
                log.write(line + "\n");
                log.flush();
            } catch (IOException e) {
                closeLog();
            }
        }
    }

    private void joinReaders() {
        for (Thread reader : readers) {
            try {
                // a grandchild that inherited the pipes can keep them open; do not wait for it forever
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String exitCodeText() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void waitOn(long nanos) {
        try {
            lock.wait(Math.max(1, Math.min(nanos / 1_000_000, 500)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for output");
        }
    }

    private void openLog() {
        try {
            Files.createDirectories(logFile.getParent());
            log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            log.write("# " + String.join(" ", command) + "\n");
        } catch (IOException e) {
            log = null; // diagnosis only: a read-only target/ must not fail the test
        }
    }

    private void closeLog() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing more to save
            }
            log = null;
        }
    }

    private static Path logDirectory() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "target", "child-processes");
    }

    /** What to start: command, name, environment, working directory and standard input. */
    public static final class Builder {
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> removedEnvironment = new ArrayList<>();
        private String name;
        private Path workingDirectory;
        private String input;
        private Path cgroup;
        private boolean errorIntoOutput;

        private Builder(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            this.command = List.copyOf(command);
            this.name = Path.of(command.get(0)).getFileName().toString();
        }

        /** A short name for thread names, the log file and failure messages. */
        public Builder name(String name) {
            this.name = name.replaceAll("[^A-Za-z0-9._-]", "_");
            return this;
        }

        /** Sets one environment variable on top of this process's environment. */
        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Removes an inherited environment variable (one set with {@link #env} still applies). */
        public Builder withoutEnv(String key) {
            removedEnvironment.add(key);
            return this;
        }

        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Text written to the process's stdin, which is then closed. Without it stdin is closed at once. */
        public Builder input(String text) {
            this.input = text;
            return this;
        }

        /**
         * Starts the process inside the cgroup v2 directory {@code cgroup} (a shell joins it, then becomes the
         * command), so that it is there from its first instruction and its pid is the command's.
         */
        public Builder inCgroup(Path cgroup) {
            this.cgroup = cgroup;
            return this;
        }

        /** Sends stderr into stdout, as a terminal shows them: for commands whose useful output goes to either. */
        public Builder errorIntoOutput() {
            this.errorIntoOutput = true;
            return this;
        }

        public List<String> commandLine() {
            return command;
        }

        /** Starts the process; stdin gets the {@link #input} text, if any, and is then closed. */
        public ChildProcess start() {
            ChildProcess child = launch();
            try (OutputStream stdin = child.process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended before reading its input; its output and exit code tell why
            }
            return child;
        }

        /** Starts the process with stdin left open: the caller writes to {@link ChildProcess#stdin()}. */
        public ChildProcess startInteractive() {
            if (input != null) {
                throw new IllegalStateException("input(...) and an interactive stdin exclude each other");
            }
            return launch();
        }

        private ChildProcess launch() {
            List<String> launched = command;
            if (cgroup != null) {
                launched = new ArrayList<>(
                        List.of("sh", "-c", "echo $$ > \"$0\"/cgroup.procs && exec \"$@\"", cgroup.toString()));
                launched.addAll(command);
            }
            ProcessBuilder builder = new ProcessBuilder(launched).redirectErrorStream(errorIntoOutput);
            removedEnvironment.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            try {
                return new ChildProcess(name + "-" + SEQUENCE.incrementAndGet(), command, builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }

        /** Runs the process to completion; fails (and ends it) when it takes longer than {@code timeout}. */
        public CommandResult run(Duration timeout) {
            try (ChildProcess child = start()) {
                int exitCode = child.waitFor(timeout);
                return new CommandResult(String.join(" ", command), exitCode, child.stdout(), child.stderr());
            }
        }
    }
}
