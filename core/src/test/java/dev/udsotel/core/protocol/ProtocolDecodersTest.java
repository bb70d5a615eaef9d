package dev.udsotel.core.protocol;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.protocol.redis.RespDecoder;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.redaction.UnknownPayloads;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolDecodersTest {
    private static final byte[] GARBAGE = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03};

    private final ProtocolDecoders decoders = ProtocolDecoders.standard();

    @Test
    void namesAnExchangeNoDecoderUnderstandsAfterItsSocket() {
        DecodedExchange decoded = decoders.decode(Exchanges.of(GARBAGE, new byte[] {1, 2}), Redaction.DEFAULT);

        assertEquals("UDS /run/demo.sock", decoded.spanName());
        assertEquals(
                Attributes.of(ProtocolAttributes.REDACTED, true),
                decoded.attributes(),
                "binary nothing understands is withheld");
        assertArrayEquals(new byte[0], decoded.requestPreview());
        assertArrayEquals(new byte[0], decoded.responsePreview());
        assertFalse(decoded.error());
    }

    @Test
    void theMetricsGetTheSameNameAndAttributesAndNoPreviews() {
        List<Exchange> exchanges = List.of(
                Exchanges.of(
                        bytes("GET /items/7?token=s3cret HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc\r\n\r\n"),
                        bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")),
                Exchanges.of(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$8\r\npassword\r\n"), bytes("+OK\r\n")),
                Exchanges.of(GARBAGE, new byte[] {1, 2}));
        for (Exchange exchange : exchanges) {
            DecodedExchange forSpan = decoders.decode(exchange, Redaction.DEFAULT);
            DecodedExchange forMetrics = decoders.decodeForMetrics(exchange, Redaction.DEFAULT);
            assertEquals(forSpan.spanName(), forMetrics.spanName());
            assertEquals(forSpan.protocol(), forMetrics.protocol());
            assertEquals(forSpan.decoderAttributes(), forMetrics.decoderAttributes());
            assertArrayEquals(new byte[0], forMetrics.requestPreview());
            assertArrayEquals(new byte[0], forMetrics.responsePreview());
        }
    }

    @Test
    void showsUnrecognizedBinaryOnlyOnSocketPathsOptedIn() {
        Exchange exchange = Exchanges.of(GARBAGE, new byte[] {1, 2});
        DecodedExchange optedIn = decoders.decode(exchange, new Redaction(true, List.of("/run/*.sock")));
        assertArrayEquals(GARBAGE, optedIn.requestPreview());
        assertArrayEquals(new byte[] {1, 2}, optedIn.responsePreview());
        assertNull(optedIn.attributes().get(ProtocolAttributes.REDACTED));

        DecodedExchange elsewhere = decoders.decode(exchange, new Redaction(true, List.of("/var/run/*.sock")));
        assertArrayEquals(new byte[0], elsewhere.requestPreview());
    }

    @Test
    void fallsBackToGenericForBinaryAndUnknownProtocols() {
        List<byte[]> samples = new java.util.ArrayList<>(List.of(
                GARBAGE,
                bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0012\u0004\u0000\u0000\u0000\u0000\u0000"),
                bytes("\u0000AUTH EXTERNAL 31303030\r\n"),
                bytes("\u0000\u0000\u0000\u0008\u0004\u00d2\u0016\u0031"), // 80877103 would be a PostgreSQL SSLRequest
                bytes("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}\n"),
                bytes("l\u0001\u0000\u0001\u0000\u0000\u0000\u0000\u0001\u0000\u0000\u0000m\u0000\u0000\u0000")));
        java.util.Random random = new java.util.Random(77);
        for (int k = 0; k < 1_000; k++) {
            byte[] noise = new byte[1 + random.nextInt(256)];
            random.nextBytes(noise);
            samples.add(noise);
        }
        for (byte[] sample : samples) {
            DecodedExchange decoded = decoders.decode(Exchanges.of(sample, new byte[] {0x01}), Redaction.DEFAULT);
            assertEquals(
                    "UDS /run/demo.sock",
                    decoded.spanName(),
                    () -> dev.udsotel.core.payload.PayloadText.render(sample));
            assertNull(decoded.attributes().get(ProtocolAttributes.PROTOCOL));
            if (UnknownPayloads.looksBinary(sample, 0, sample.length)) {
                assertArrayEquals(new byte[0], decoded.requestPreview(), "binary is withheld");
            } else {
                assertArrayEquals(sample, decoded.requestPreview(), "text without credentials stays");
            }
        }
    }

    @Test
    void namesAnExchangeOnAnUnnamedSocketUnnamed() {
        Exchange exchange = Exchanges.on(
                Exchanges.connection(""), Exchanges.captured(GARBAGE, 99), Exchanges.captured(new byte[0], 0));
        assertEquals(
                "UDS (unnamed)", decoders.decode(exchange, Redaction.DEFAULT).spanName());
    }

    @Test
    void namesAnExchangeOnAnAbstractSocketAfterItsName() {
        Exchange exchange = Exchanges.on(
                Exchanges.connection("@/tmp/.X11-unix/X0"),
                Exchanges.captured(GARBAGE, 99),
                Exchanges.captured(new byte[0], 0));
        assertEquals(
                "UDS @/tmp/.X11-unix/X0",
                decoders.decode(exchange, Redaction.DEFAULT).spanName());
    }

    @Test
    void stillRemovesCredentialHeadersFromExchangesNoDecoderUnderstands() {
        String request = "proxied: yes\r\nAuthorization: Bearer opaque-token\r\n";
        DecodedExchange decoded = decoders.decode(Exchanges.of(request, "set-cookie: k=v"), Redaction.DEFAULT);

        assertTrue(decoded.spanName().startsWith("UDS "));
        assertEquals("proxied: yes\r\nAuthorization: [REDACTED]\r\n", text(decoded.requestPreview()));
        assertEquals("set-cookie: [REDACTED]", text(decoded.responsePreview()));
        assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
        assertNull(decoded.attributes().get(ProtocolAttributes.PROTOCOL));
    }

    @Test
    void keepsCredentialHeadersOfUnknownExchangesWhenRedactionIsOff() {
        String request = "\u0000Authorization: Bearer opaque-token\r\n";
        DecodedExchange decoded = decoders.decode(Exchanges.of(request, ""), new Redaction(false));
        assertEquals(request, text(decoded.requestPreview()));
    }

    @Test
    void recordsWhichProtocolDecodedTheExchange() {
        assertEquals(
                "http",
                decoders.decode(Exchanges.of("GET / HTTP/1.1\r\n\r\n", ""), Redaction.DEFAULT)
                        .attributes()
                        .get(ProtocolAttributes.PROTOCOL));
        assertEquals(
                "redis",
                decoders.decode(Exchanges.of("*1\r\n$4\r\nPING\r\n", "+PONG\r\n"), Redaction.DEFAULT)
                        .attributes()
                        .get(ProtocolAttributes.PROTOCOL));
    }

    @Test
    void asksTheBuiltInDecodersHttpFirst() {
        List<ProtocolDecoder> builtIn = ProtocolDecoders.builtIn();
        assertTrue(builtIn.get(0) instanceof Http1Decoder);
        assertTrue(builtIn.get(1) instanceof RespDecoder);
    }

    @Test
    void letsTheFirstRecognizingDecoderDecode() {
        ProtocolDecoders ordered = new ProtocolDecoders(
                List.of(new Fixed("first", false), new Fixed("second", true), new Fixed("third", true)));
        DecodedExchange decoded = ordered.decode(Exchanges.of("x", "y"), Redaction.DEFAULT);
        assertEquals("second", decoded.spanName());
        assertEquals("second", decoded.attributes().get(ProtocolAttributes.PROTOCOL));
    }

    @Test
    void fallsBackToTheGenericResultWhenTheDecoderThrows() {
        ProtocolDecoder throwing = new Fixed("broken", true) {
            @Override
            public DecodedExchange decode(Exchange exchange, Redaction redaction) {
                throw new IllegalStateException("decoder bug");
            }
        };
        ProtocolDecoders withBug = new ProtocolDecoders(List.of(throwing, new Fixed("never asked", true)));
        DecodedExchange decoded = withBug.decode(Exchanges.of("x", "y"), Redaction.DEFAULT);
        assertEquals("UDS /run/demo.sock", decoded.spanName());
        assertNull(decoded.attributes().get(ProtocolAttributes.PROTOCOL));
    }

    @Test
    void fallsBackToTheGenericResultWhenTheDecoderOverflowsItsStackOrReturnsNothing() {
        ProtocolDecoder recursing = new Fixed("deep", true) {
            @Override
            public DecodedExchange decode(Exchange exchange, Redaction redaction) {
                return decode(exchange, redaction);
            }
        };
        ProtocolDecoder empty = new Fixed("empty", true) {
            @Override
            public DecodedExchange decode(Exchange exchange, Redaction redaction) {
                return DecodedExchange.of("x", Attributes.empty(), null, false, null, new byte[0], false);
            }
        };
        for (ProtocolDecoder decoder : List.of(recursing, empty)) {
            DecodedExchange decoded =
                    new ProtocolDecoders(List.of(decoder)).decode(Exchanges.of("x", "y"), Redaction.DEFAULT);
            assertEquals("UDS /run/demo.sock", decoded.spanName(), decoder.name());
        }
    }

    @Test
    void asksTheNextDecoderWhenOneDoesNotRecognizeTheExchange() {
        DecodedExchange decoded = new ProtocolDecoders(List.of(new Fixed("other", false), new Fixed("next", true)))
                .decode(Exchanges.of("x", "y"), Redaction.DEFAULT);
        assertEquals("next", decoded.spanName());
    }

    @Test
    void removesCredentialHeadersEvenWhenAnExtensionForgets() {
        ProtocolDecoder careless = new Fixed("careless", true);
        DecodedExchange decoded = new ProtocolDecoders(List.of(careless))
                .decode(Exchanges.of("hello\nCookie: secret-session\n", ""), Redaction.DEFAULT);
        assertEquals("hello\nCookie: [REDACTED]\n", text(decoded.requestPreview()));
        assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
        assertEquals("careless", decoded.attributes().get(ProtocolAttributes.PROTOCOL));
    }

    @Test
    void findsDecodersRegisteredAsServices(@TempDir Path classpath) throws Exception {
        Path services = classpath.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(
                services.resolve(ProtocolDecoder.class.getName()),
                "# an extension\n" + MagicDecoder.class.getName() + "\n",
                StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classpath.toUri().toURL()}, getClass().getClassLoader())) {
            List<ProtocolDecoder> found = ProtocolDecoders.serviceLoaded(loader);
            assertEquals(1, found.size());

            List<ProtocolDecoder> all = new java.util.ArrayList<>(found);
            all.addAll(ProtocolDecoders.builtIn());
            ProtocolDecoders extended = new ProtocolDecoders(all);
            DecodedExchange decoded = extended.decode(Exchanges.of("MAGIC 1\n", ""), Redaction.DEFAULT);
            assertEquals("magic call", decoded.spanName());
            assertEquals("magic", decoded.attributes().get(ProtocolAttributes.PROTOCOL));
            assertEquals(
                    "http",
                    extended.decode(Exchanges.of("GET / HTTP/1.1\r\n\r\n", ""), Redaction.DEFAULT)
                            .attributes()
                            .get(ProtocolAttributes.PROTOCOL));
        }
    }

    @Test
    void skipsAServiceThatFailsToLoad(@TempDir Path classpath) throws Exception {
        Path services = classpath.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(
                services.resolve(ProtocolDecoder.class.getName()),
                "com.example.Missing\n" + MagicDecoder.class.getName() + "\n",
                StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classpath.toUri().toURL()}, getClass().getClassLoader())) {
            List<ProtocolDecoder> found = ProtocolDecoders.serviceLoaded(loader);
            assertEquals(1, found.size());
            assertTrue(found.get(0) instanceof MagicDecoder);
        }
    }

    @Test
    void neverFailsOnAnExchangeWithMissingParts() {
        Exchange hollow = new Exchange(
                Exchanges.connection(""), 0, -1, 0, new dev.udsotel.core.conversation.Captured(5, null), null, 0, null);
        DecodedExchange decoded = decoders.decode(hollow, Redaction.DEFAULT);
        assertEquals("UDS (unnamed)", decoded.spanName());
        assertArrayEquals(new byte[0], decoded.requestPreview());
        assertArrayEquals(new byte[0], decoded.responsePreview());
    }

    @Test
    void neverFailsOnEmptyExchanges() {
        DecodedExchange decoded = decoders.decode(Exchanges.of(new byte[0], new byte[0]), null);
        assertEquals("UDS /run/demo.sock", decoded.spanName());
    }

    /** A decoder that recognizes whatever it is told to and copies the previews unchanged. */
    static class Fixed implements ProtocolDecoder {
        private final String name;
        private final boolean recognizes;

        Fixed(String name, boolean recognizes) {
            this.name = name;
            this.recognizes = recognizes;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DecodedExchange decode(Exchange exchange, Redaction redaction) {
            return recognizes
                    ? DecodedExchange.of(
                            name,
                            Attributes.empty(),
                            null,
                            false,
                            exchange.request().prefix(),
                            exchange.response().prefix(),
                            false)
                    : null;
        }
    }

    /** An extension found through META-INF/services. */
    public static final class MagicDecoder implements ProtocolDecoder {
        @Override
        public String name() {
            return "magic";
        }

        @Override
        public DecodedExchange decode(Exchange exchange, Redaction redaction) {
            if (!text(exchange.request().prefix()).startsWith("MAGIC ")) {
                return null;
            }
            return DecodedExchange.of(
                    "magic call",
                    Attributes.of(AttributeKey.stringKey("magic.version"), "1"),
                    null,
                    false,
                    bytes("MAGIC"),
                    new byte[0],
                    false);
        }
    }
}
