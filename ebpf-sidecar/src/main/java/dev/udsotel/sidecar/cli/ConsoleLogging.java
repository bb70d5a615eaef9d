package dev.udsotel.sidecar.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The OpenTelemetry SDK logs through java.util.logging. On a terminal that means two-line headers and stack
 * traces for every failed export. Here span exporters that print (logging-otlp, console) write their lines
 * as they are, and every other message becomes one {@code uds-trace: warning: ...} line on stderr.
 */
final class ConsoleLogging {
    private static final String PRINTING_EXPORTERS = "io.opentelemetry.exporter.logging";
    /** java.util.logging keeps loggers weakly: hold the ones configured here. */
    private static Logger printingExporters;

    private ConsoleLogging() {}

    static void install(PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        printingExporters = Logger.getLogger(PRINTING_EXPORTERS);
        printingExporters.setLevel(Level.INFO);
        root.addHandler(new OneLineHandler(err));
    }

    private static final class OneLineHandler extends Handler {
        private final PrintStream err;
        private final Formatter messages = new SimpleFormatter();

        OneLineHandler(PrintStream err) {
            this.err = err;
        }

        @Override
        public void publish(LogRecord record) {
            String message = messages.formatMessage(record);
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            if (logger.startsWith(PRINTING_EXPORTERS)) {
                err.println(message);
                return;
            }
            StringBuilder line = new StringBuilder("uds-trace: ")
                    .append(
                            record.getLevel() == Level.SEVERE
                                    ? "error"
                                    : record.getLevel().getName().toLowerCase(java.util.Locale.ROOT))
                    .append(": ")
                    .append(message);
            Throwable cause = record.getThrown();
            while (cause != null && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause != null) {
                line.append(" (").append(cause).append(')');
            }
            err.println(line);
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
