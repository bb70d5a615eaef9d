package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.output.EventSink;
import dev.udsotel.sidecar.output.JsonLines;
import dev.udsotel.sidecar.output.LiveView;
import dev.udsotel.sidecar.output.PayloadRedaction;
import dev.udsotel.sidecar.output.PcapFile;
import dev.udsotel.sidecar.output.PcapSink;
import dev.udsotel.sidecar.output.SpanExport;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/** {@code uds-trace}, the same program the sidecar runs: parse, check the host, wire the outputs, capture. */
public final class UdsTrace {
    static final int EXIT_ENVIRONMENT = 1;
    static final int EXIT_USAGE = 2;
    private static final java.nio.file.Path PROC = java.nio.file.Path.of("/proc");

    private UdsTrace() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        PrintStream err = System.err;
        Options options;
        try {
            options = OptionsParser.parse(args);
        } catch (UsageException e) {
            err.println("uds-trace: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (options.help()) {
            System.out.print(HelpText.render());
            return 0;
        }
        ConsoleLogging.install(err);
        List<EventSink> sinks = new ArrayList<>();
        try {
            StartChecks.requireProcesses(options, PROC);
            Preflight.check();
            StartChecks.noteUnmatchedPaths(options, PROC, err);
            sinks.addAll(outputs(options));
            EventSource source = CaptureSource.open(options);
            if (!options.redaction()) {
                err.println("uds-trace: WARNING: --no-redaction: payloads are shown, written and exported as captured,"
                        + " passwords, tokens and cookies included (ssh-agent and gpg-agent keys still are not)");
            }
            TraceSession session = new TraceSession(
                    source,
                    new EventFilter(options),
                    sinks,
                    new PayloadRedaction(options.redactionPolicy()),
                    options,
                    err);
            for (String signal : List.of("INT", "TERM", "HUP")) {
                Signal.handle(new Signal(signal), s -> session.stop());
            }
            return session.run();
        } catch (EnvironmentException e) {
            closeQuietly(sinks);
            err.println("uds-trace: " + e.getMessage());
            return EXIT_ENVIRONMENT;
        } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
            closeQuietly(sinks);
            err.println("uds-trace: bad OTEL_* setting: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    private static List<EventSink> outputs(Options options) throws EnvironmentException {
        List<EventSink> sinks = new ArrayList<>();
        try {
            if (options.liveView()) {
                sinks.add(new LiveView(
                        new PrintStream(new BufferedOutputStream(stdout(), 1 << 16), false, StandardCharsets.UTF_8),
                        options.hexDump()));
            }
            if (options.json() != null) {
                sinks.add(
                        new JsonLines(new OutputStreamWriter(open(options.json(), "--json"), StandardCharsets.UTF_8)));
            }
            if (options.pcap() != null) {
                boolean filtered = !options.pids().isEmpty() || !options.comms().isEmpty();
                sinks.add(new PcapSink(new PcapFile(open(options.pcap(), "--pcap")), filtered));
            }
            if (options.export()) {
                sinks.add(new SpanExport(
                        options.snaplen(),
                        !options.exportAgentJvms(),
                        options.redactionPolicy(),
                        options.cpuPercent(),
                        System.err));
            }
            return sinks;
        } catch (IOException e) {
            closeQuietly(sinks);
            throw new EnvironmentException(e.getMessage());
        }
    }

    private static OutputStream open(String target, String flag) throws IOException {
        if (Options.STDOUT.equals(target)) {
            return stdout();
        }
        try {
            return new FileOutputStream(target);
        } catch (IOException e) {
            throw new IOException(flag + " " + target + ": cannot write (" + e.getMessage() + ")");
        }
    }

    private static OutputStream stdout() {
        return new FileOutputStream(FileDescriptor.out);
    }

    private static void closeQuietly(List<EventSink> sinks) {
        for (EventSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one reported
            }
        }
    }
}
