package dev.udsotel.testing;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Describes a child JVM to start as a {@link ChildProcess}: which JDK, which {@code -javaagent}, system
 * properties, environment, class path and main class. Inherited {@code OTEL_*}, {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} variables are removed so only what the test sets reaches the child.
 *
 * <pre>{@code
 * try (ChildProcess app = ChildJvm.on(17)
 *     .javaAgent(Path.of("target/uds-agent.jar"))
 *     .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
 *     .mainClass("dev.udsotel.examples.echo.EchoServer", socket.toString())
 *     .start()) {
 *   app.awaitOutput("listening", Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class ChildJvm {

    private final Path java;
    private final List<String> jvmArguments = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> classpath = new ArrayList<>();
    private String mainClass;
    private final List<String> arguments = new ArrayList<>();
    private String name;

    private ChildJvm(Path java) {
        this.java = java;
    }

    /** A JVM of the JDK with this feature release (see {@link Jdks}). */
    public static ChildJvm on(int feature) {
        return new ChildJvm(Jdks.java(feature)).name("jvm" + feature);
    }

    /** The jars of the running test's class path whose path contains one of {@code parts} (a library and its needs). */
    public static String jarsOf(String... parts) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && Arrays.stream(parts).anyMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A JVM of the same JDK as the running test. */
    public static ChildJvm current() {
        return new ChildJvm(Jdks.currentJava()).name("jvm");
    }

    /** Adds {@code -javaagent:<jar>}. */
    public ChildJvm javaAgent(Path jar) {
        return jvmArgument("-javaagent:" + jar.toAbsolutePath());
    }

    /** Adds {@code -javaagent:<jar>=<options>}. */
    public ChildJvm javaAgent(Path jar, String options) {
        return jvmArgument("-javaagent:" + jar.toAbsolutePath() + "=" + options);
    }

    /** Adds a raw JVM option such as {@code -Xmx64m} or {@code --enable-native-access=ALL-UNNAMED}. */
    public ChildJvm jvmArgument(String argument) {
        jvmArguments.add(argument);
        return this;
    }

    /** Adds {@code -Dkey=value}. */
    public ChildJvm systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    public ChildJvm env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** Appends class path entries (jars or directories). Without any, the test's own class path is used. */
    public ChildJvm classpath(Path... entries) {
        for (Path entry : entries) {
            classpath.add(entry.toAbsolutePath().toString());
        }
        return this;
    }

    /** Appends a class path string, e.g. {@code "target/app.jar:target/lib/*"}. */
    public ChildJvm classpath(String entries) {
        classpath.add(entries);
        return this;
    }

    public ChildJvm mainClass(String mainClass, String... arguments) {
        this.mainClass = mainClass;
        this.arguments.addAll(List.of(arguments));
        return this;
    }

    /** A short name for the log file and failure messages. */
    public ChildJvm name(String name) {
        this.name = name;
        return this;
    }

    /** The full command line that {@link #start()} runs. */
    public List<String> commandLine() {
        if (mainClass == null) {
            throw new IllegalStateException("no main class set");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArguments);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(
                classpath.isEmpty()
                        ? System.getProperty("java.class.path")
                        : String.join(File.pathSeparator, classpath));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    public ChildProcess start() {
        return process().start();
    }

    /** Starts the JVM with its standard input left open, for the test to write to ({@link ChildProcess#stdin()}). */
    public ChildProcess startInteractive() {
        return process().startInteractive();
    }

    /** Runs the JVM to completion; fails (and ends it) when it takes longer than {@code timeout}. */
    public CommandResult run(Duration timeout) {
        return process().run(timeout);
    }

    private ChildProcess.Builder process() {
        ChildProcess.Builder builder = ChildProcess.command(commandLine()).name(name);
        System.getenv().keySet().stream()
                .filter(key ->
                        key.startsWith("OTEL_") || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"))
                .forEach(builder::withoutEnv);
        return builder.env(environment);
    }
}
