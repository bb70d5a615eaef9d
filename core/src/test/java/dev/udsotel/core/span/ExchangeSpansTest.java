package dev.udsotel.core.span;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ParentContext;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExchangeSpansTest {
    private static final ProcessIdentity PROCESS = new ProcessIdentity(4242, "java", "demo", null);

    @ParameterizedTest
    @ValueSource(ints = {128, 16, 12})
    void keepsEveryDecodedAttributeWithTheExtrasInKeyOrderUnderAnAttributeLimit(int attributeLimit) {
        SpanLimits limits =
                SpanLimits.builder().setMaxNumberOfAttributes(attributeLimit).build();
        CollectingExporter exported = new CollectingExporter();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSpanLimits(limits)
                .addSpanProcessor(SimpleSpanProcessor.create(exported))
                .build()) {
            TracerSource tracers = process -> provider.get("test");
            MonotonicClock clock = new MonotonicClock();
            ProtocolDecoders decoders = new ProtocolDecoders(withOddDecoders());
            SplittableRandom random = new SplittableRandom(20261129L + attributeLimit);
            List<Connection> connections = connections(random);
            int decoded = 0;
            int cut = 0;
            for (int round = 0; round < 10_000; round++) {
                Redaction redaction = random.nextInt(5) == 0 ? new Redaction(false) : Redaction.DEFAULT;
                Connection c = connections.get(random.nextInt(connections.size()));
                Exchange exchange = exchange(random, c);
                new ExchangeSpans(tracers, decoders, redaction, clock).onExchange(exchange);
                DecodedExchange expected = decoders.decode(exchange, redaction);
                SpanData span = exported.spans.remove(0);
                decoded += expected.protocol() != null ? 1 : 0;
                cut += span.getTotalAttributeCount() > span.getAttributes().size() ? 1 : 0;
                assertEquals(
                        expected.spanName() != null ? expected.spanName() : ProtocolDecoders.genericName(exchange),
                        span.getName());
                assertEquals(
                        expected.error() ? StatusCode.ERROR : StatusCode.UNSET,
                        span.getStatus().getStatusCode());
                assertKeptInKeyOrder(expected.attributes(), span.getAttributes(), attributeLimit == 128);
            }
            assertTrue(decoded > 2_500, "the exchanges should also exercise the decoders: " + decoded);
            assertTrue(attributeLimit == 128 || cut > 1_000, "the limit should cut attributes: " + cut);
        }
    }

    /** The decoded attributes the span kept are the first ones in key order, with their values; all when whole. */
    private static void assertKeptInKeyOrder(Attributes decoded, Attributes span, boolean whole) {
        List<String> keys = new ArrayList<>();
        decoded.forEach((key, value) -> keys.add(key.getKey()));
        keys.sort(null);
        boolean missing = false;
        for (String key : keys) {
            Object expected = decoded.asMap().entrySet().stream()
                    .filter(e -> e.getKey().getKey().equals(key))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
            Object actual = span.asMap().entrySet().stream()
                    .filter(e -> e.getKey().getKey().equals(key))
                    .map(java.util.Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (actual == null) {
                missing = true;
                assertTrue(!whole, key + " missing from " + span);
            } else {
                assertTrue(!missing, key + " kept after an earlier key was dropped: " + span);
                assertEquals(expected, actual, key);
            }
        }
    }

    private static List<Connection> connections(SplittableRandom random) {
        List<Connection> all = new ArrayList<>();
        String[] paths = {"/run/demo.sock", "", "@abstract", "/var/run/docker.sock"};
        for (int i = 0; i < 12; i++) {
            Connection c = new Connection(
                    i,
                    paths[i % paths.length],
                    Role.values()[i % Role.values().length],
                    SocketType.values()[i % SocketType.values().length],
                    PROCESS);
            if (random.nextBoolean()) {
                c.inodes(100 + i, random.nextBoolean() ? 200 + i : 0);
            }
            if (random.nextBoolean()) {
                c.peerCredentials(1000 + i, 0, 0);
            }
            all.add(c);
        }
        return all;
    }

    private static Exchange exchange(SplittableRandom random, Connection c) {
        byte[] request = random.nextInt(10) == 0 ? new byte[0] : request(random);
        byte[] response = random.nextInt(6) == 0 ? new byte[0] : response(random);
        Captured req = captured(random, request);
        Captured resp = captured(random, response);
        ParentContext parent = random.nextInt(4) == 0
                ? new ParentContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", (byte) 1)
                : null;
        long start = 1_000_000 + random.nextInt(1000);
        return new Exchange(
                c, start, resp.isEmpty() ? -1 : start + 5_000, start + 9_000, req, resp, 1 + random.nextInt(4), parent);
    }

    private static Captured captured(SplittableRandom random, byte[] all) {
        if (all.length == 0) {
            return random.nextBoolean() ? Captured.EMPTY : new Captured(random.nextInt(3) * 100L, new byte[0]);
        }
        int cut = random.nextInt(3) == 0 ? random.nextInt(all.length + 1) : all.length;
        return new Captured(all.length + (random.nextInt(5) == 0 ? random.nextInt(1000) : 0), Arrays.copyOf(all, cut));
    }

    private static byte[] request(SplittableRandom random) {
        String credential = random.nextBoolean() ? "Authorization: Basic YWxhZGRpbjpvcGVu\r\n" : "";
        String text = switch (random.nextInt(9)) {
            case 0 -> "abcdefghijklmnopqrstuvwxyz".repeat(10);
            case 1 -> null;
            case 2 ->
                "GET /containers/json?all=" + random.nextInt(9) + " HTTP/1.1\r\nHost: localhost\r\n" + credential
                        + "User-Agent: t\r\n\r\n";
            case 3 -> "POST /v1/x HTTP/1.1\r\nContent-Length: 5\r\nCookie: id=1\r\n\r\nhello";
            case 4 -> "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";
            case 5 -> "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n" + (random.nextBoolean() ? credential : "");
            case 6 -> random.nextBoolean() ? "PING\r\n" : "get key\r\nx-registry-auth: abc\r\n";
            case 7 -> "ODD" + random.nextInt(6) + " " + credential;
            default -> "hello: world\\n" + credential + "cookie :\t[REDACTED]\r\n";
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] response(SplittableRandom random) {
        String text = switch (random.nextInt(6)) {
            case 0 -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: s=1\r\n\r\n{}";
            case 1 -> "HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\n\r\n";
            case 2 -> "+OK\r\n";
            case 3 -> "-WRONGTYPE Operation against a key\r\n";
            case 4 -> null;
            default -> "plain text back\\";
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Decoders that set the attributes ProtocolDecoders adds, name themselves null, or fail, ahead of the built-in. */
    private static List<ProtocolDecoder> withOddDecoders() {
        List<ProtocolDecoder> all = new ArrayList<>();
        all.add(new Odd(
                "ODD0",
                "odd0",
                Attributes.of(ProtocolAttributes.PROTOCOL, "mine", AttributeKey.stringKey("a.b"), "x")));
        all.add(new Odd(
                "ODD1", "odd1", Attributes.of(ProtocolAttributes.REDACTED, false, AttributeKey.longKey("z.z"), 1L)));
        all.add(new Odd(
                "ODD2", null, Attributes.of(AttributeKey.stringKey("uds.q"), "q", AttributeKey.stringKey("v"), "v")));
        all.add(new Odd(
                "ODD3",
                "odd3",
                Attributes.of(ProtocolAttributes.REDACTED, true, AttributeKey.longKey("uds.protocol"), 3L)));
        all.add(new Odd("ODD4", "odd4", null));
        all.add(new Odd("ODD5", "odd5", Attributes.empty()));
        all.addAll(ProtocolDecoders.builtIn());
        return all;
    }

    private record Odd(String prefix, String name, Attributes attributes) implements ProtocolDecoder {
        @Override
        public DecodedExchange decode(Exchange exchange, Redaction redaction) {
            if (!new String(exchange.request().prefix(), StandardCharsets.ISO_8859_1).startsWith(prefix)) {
                return null;
            }
            if (attributes == null) {
                throw new IllegalStateException("a decoder's bug");
            }
            return DecodedExchange.of(
                    prefix,
                    attributes,
                    null,
                    false,
                    exchange.request().prefix(),
                    exchange.response().prefix(),
                    prefix.endsWith("5"));
        }
    }
}
