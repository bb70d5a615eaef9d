package dev.udsotel.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1 and a random port, for tests that check what an exporter really
 * sent. Accepts {@code POST /v1/traces} as {@code application/x-protobuf} (or {@code application/json}), plain
 * or gzip-encoded, and keeps the spans of every request it answers with a 2xx status. Posts to {@code /v1/metrics}
 * are answered 200 and, when protobuf, kept decoded ({@link #metrics()}); posts to {@code /v1/logs} are answered
 * 200 and dropped. {@link #hang} holds trace requests only.
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *   // child process exports with OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint()
 *   List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.name().equals("GET"), 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

    /** The path the OTLP/HTTP exporters post traces to, below {@link #endpoint()}. */
    public static final String TRACES_PATH = "/v1/traces";

    /** The path the OTLP/HTTP exporters post metrics to. */
    public static final String METRICS_PATH = "/v1/metrics";

    /** Logs are accepted and dropped, so a child's default OTLP log export logs no errors. */
    private static final Set<String> IGNORED_PATHS = Set.of("/v1/logs");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Object lock = new Object();
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<ExportMetricsServiceRequest> metrics = new ArrayList<>();
    private int requests;
    private int status = 200;
    private boolean hanging;
    private boolean closed;

    private OtlpReceiver(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Starts a receiver on 127.0.0.1 and a free port. */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
            });
            OtlpReceiver receiver = new OtlpReceiver(server, handlers);
            server.createContext("/", receiver::handle);
            server.setExecutor(handlers);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP receiver", e);
        }
    }

    /** The base URL, {@code http://127.0.0.1:port}: the value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The full traces URL: the value for {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or an SDK exporter's endpoint. */
    public String tracesEndpoint() {
        return endpoint() + TRACES_PATH;
    }

    /** Answers the following trace export requests with {@code status} (500, 503 ...); spans of non-2xx answers are dropped. */
    public void respondWith(int status) {
        synchronized (lock) {
            this.status = status;
        }
    }

    /**
     * While on, export requests are read and then held without an answer, as by a hung collector; their spans are
     * dropped. Turning it off (or closing) aborts the held requests.
     */
    public void hang(boolean hang) {
        synchronized (lock) {
            hanging = hang;
            lock.notifyAll();
        }
    }

    /** How many export requests arrived at {@code /v1/traces}, whatever they were answered. */
    public int requests() {
        synchronized (lock) {
            return requests;
        }
    }

    /** Every span received so far, in arrival order. */
    public List<ReceivedSpan> spans() {
        synchronized (lock) {
            return List.copyOf(spans);
        }
    }

    /** Every metrics export request received so far, decoded, in arrival order. */
    public ReceivedMetrics metrics() {
        synchronized (lock) {
            return new ReceivedMetrics(List.copyOf(metrics));
        }
    }

    /** Forgets the spans and the request count, for a test that runs several phases. */
    public void reset() {
        synchronized (lock) {
            spans.clear();
            problems.clear();
            requests = 0;
        }
    }

    /**
     * Waits until at least {@code count} received spans match, and returns all that match. Fails with a message
     * that lists the spans that arrived and do not match, so a wrong name or attribute is visible at once.
     */
    public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> matching, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<ReceivedSpan> matches = spans.stream().filter(matching).toList();
                if (matches.size() >= count) {
                    return matches;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(String.format(
                            "expected %d matching span(s) within %s, found %d. Received %d span(s) in %d request(s);"
                                    + " those that do not match:%n%s%s",
                            count,
                            timeout,
                            matches.size(),
                            spans.size(),
                            requests,
                            ReceivedSpan.describeAll(
                                    spans.stream().filter(matching.negate()).toList()),
                            problemsText()));
                }
                waitOn(left);
            }
        }
    }

    /**
     * As {@link #awaitSpans(Predicate, int, Duration)}, and a failure also shows what the process that should have sent
     * the spans printed (its exit lines say what it lost, and why), which the spans received alone cannot.
     */
    public List<ReceivedSpan> awaitSpans(
            Predicate<ReceivedSpan> matching, int count, Duration timeout, String sender, Supplier<String> printed) {
        try {
            return awaitSpans(matching, count, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(
                    "from " + sender + ": " + e.getMessage() + "\n--- " + sender + " printed:\n" + printed.get(), e);
        }
    }

    /** Waits until {@code count} export requests have arrived (answered or not), e.g. to see retries. */
    public void awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (requests < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " export request(s) within " + timeout + ", got "
                            + requests + problemsText());
                }
                waitOn(left);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && IGNORED_PATHS.contains(path)) {
                exchange.getRequestBody().readAllBytes();
                reply(exchange, 200, new byte[0], "application/x-protobuf");
                return;
            }
            if (exchange.getRequestMethod().equals("POST") && path.equals(METRICS_PATH)) {
                keepMetrics(exchange);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST") || !path.equals(TRACES_PATH)) {
                reply(exchange, 404, new byte[0], "text/plain");
                return;
            }
            String contentType = header(exchange, "Content-Type");
            byte[] body = readBody(exchange);
            List<ReceivedSpan> decoded;
            try {
                decoded = decode(contentType, body);
            } catch (RuntimeException | IOException e) {
                synchronized (lock) {
                    requests++;
                    problems.add("undecodable request (" + contentType + ", " + body.length + " bytes): " + e);
                    lock.notifyAll();
                }
                reply(exchange, 400, e.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
                return;
            }
            int answer;
            synchronized (lock) {
                requests++;
                lock.notifyAll();
                if (hanging) {
                    while (hanging && !closed) {
                        waitOn(Long.MAX_VALUE);
                    }
                    return; // closing the exchange unanswered aborts the held request
                }
                answer = status;
                if (answer / 100 == 2) {
                    spans.addAll(decoded);
                }
            }
            boolean json = contentType.startsWith("application/json");
            byte[] response = json
                    ? "{}".getBytes(StandardCharsets.UTF_8)
                    : ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            reply(exchange, answer, response, json ? "application/json" : "application/x-protobuf");
        }
    }

    private void keepMetrics(HttpExchange exchange) throws IOException {
        String contentType = header(exchange, "Content-Type");
        byte[] body = readBody(exchange);
        if (contentType.startsWith("application/x-protobuf")) {
            try {
                ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
                synchronized (lock) {
                    metrics.add(request);
                    lock.notifyAll();
                }
            } catch (IOException e) {
                synchronized (lock) {
                    problems.add("undecodable metrics request (" + body.length + " bytes): " + e);
                }
                reply(exchange, 400, e.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
                return;
            }
        }
        reply(exchange, 200, ExportMetricsServiceResponse.getDefaultInstance().toByteArray(), "application/x-protobuf");
    }

    private static List<ReceivedSpan> decode(String contentType, byte[] body) throws IOException {
        if (contentType.startsWith("application/x-protobuf")) {
            return ProtoSpans.from(ExportTraceServiceRequest.parseFrom(body));
        }
        if (contentType.startsWith("application/json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8));
            return ProtoSpans.from(OtlpJson.request(json));
        }
        throw new IOException("unsupported content type '" + contentType + "'");
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String encoding = header(exchange, "Content-Encoding");
        InputStream body = exchange.getRequestBody();
        try (InputStream in = encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(body) : body) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "" : value.toLowerCase(Locale.ROOT).trim();
    }

    private String problemsText() {
        return problems.isEmpty() ? "" : "\nproblems:\n  " + String.join("\n  ", problems);
    }

    private void waitOn(long nanos) {
        try {
            lock.wait(Math.max(1, Math.min(nanos / 1_000_000, 1_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for OTLP exports", e);
        }
    }
}
