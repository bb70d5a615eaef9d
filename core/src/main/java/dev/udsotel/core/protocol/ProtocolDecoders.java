package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.protocol.redis.RespDecoder;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks the decoder for each exchange and makes sure decoding never fails and never leaks a credential header.
 *
 * <p>Decoders are asked in order: those found by {@link ServiceLoader} for {@link ProtocolDecoder} first (so an
 * extension can specialise a built-in protocol), then the built-in HTTP/1.x and Redis RESP decoders. The first
 * whose {@code recognizes} is true decodes the exchange. When none does, or the chosen one throws or returns
 * nothing usable, the exchange gets the generic result: span name {@code UDS <socket path>}, no protocol
 * attributes. Whatever decoded it, when redaction is on both previews then pass through
 * {@link CredentialHeaderRedactor} as a second line of defence.
 */
public final class ProtocolDecoders {
    private static final Logger LOG = Logger.getLogger(ProtocolDecoders.class.getName());

    private final List<ProtocolDecoder> decoders;

    /** The service-loaded decoders followed by the built-in ones, as {@link #standard()}. */
    public ProtocolDecoders() {
        this(standardList());
    }

    /** Decoders in the order they are asked. */
    public ProtocolDecoders(List<? extends ProtocolDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
    }

    /** The service-loaded decoders followed by the built-in ones. */
    public static ProtocolDecoders standard() {
        return new ProtocolDecoders(standardList());
    }

    private static List<ProtocolDecoder> standardList() {
        List<ProtocolDecoder> all = new ArrayList<>(serviceLoaded(ProtocolDecoders.class.getClassLoader()));
        all.addAll(builtIn());
        return all;
    }

    /** HTTP/1.x, then Redis RESP. */
    public static List<ProtocolDecoder> builtIn() {
        return List.of(new Http1Decoder(), new RespDecoder());
    }

    /** Every {@link ProtocolDecoder} provider visible to {@code loader}; a provider that fails to load is skipped. */
    public static List<ProtocolDecoder> serviceLoaded(ClassLoader loader) {
        List<ProtocolDecoder> found = new ArrayList<>();
        try {
            Iterator<ProtocolDecoder> providers = ServiceLoader.load(ProtocolDecoder.class, loader).iterator();
            while (true) {
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    found.add(providers.next());
                } catch (ServiceConfigurationError e) {
                    LOG.log(Level.WARNING, "Skipping a protocol decoder that failed to load", e);
                }
            }
        } catch (ServiceConfigurationError | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not look up protocol decoders", e);
        }
        return found;
    }

    public List<ProtocolDecoder> decoders() {
        return decoders;
    }

    /** The decoded exchange; never throws, never returns null. */
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        Redaction effective = redaction == null ? Redaction.DEFAULT : redaction;
        for (ProtocolDecoder decoder : decoders) {
            if (recognizes(decoder, exchange)) {
                DecodedExchange decoded = decodeWith(decoder, exchange, effective);
                return decoded == null ? generic(exchange, effective) : decoded;
            }
        }
        return generic(exchange, effective);
    }

    /** What an exchange no decoder understood becomes. Tolerates an exchange with missing parts. */
    public static DecodedExchange generic(Exchange exchange, Redaction redaction) {
        String path = exchange.connection() == null ? "" : exchange.connection().socketPath();
        String name = "UDS " + (path.isEmpty() ? "(unnamed)" : path);
        return scrubbed(new DecodedExchange(name, Attributes.empty(), prefixOf(exchange.request()),
                prefixOf(exchange.response()), false), redaction);
    }

    private static byte[] prefixOf(Captured captured) {
        return captured == null || captured.prefix() == null ? new byte[0] : captured.prefix();
    }

    private static boolean recognizes(ProtocolDecoder decoder, Exchange exchange) {
        try {
            return decoder.recognizes(exchange);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.log(Level.FINE, "Decoder " + decoder.getClass().getName() + " failed to recognize an exchange", e);
            return false;
        }
    }

    private static DecodedExchange decodeWith(ProtocolDecoder decoder, Exchange exchange, Redaction redaction) {
        try {
            DecodedExchange decoded = decoder.decode(exchange, redaction);
            if (decoded == null || decoded.spanName() == null || decoded.attributes() == null
                    || decoded.requestPreview() == null || decoded.responsePreview() == null) {
                return null;
            }
            return scrubbed(new DecodedExchange(decoded.spanName(),
                    decoded.attributes().toBuilder().put(ProtocolAttributes.PROTOCOL, decoder.name()).build(),
                    decoded.requestPreview(), decoded.responsePreview(), decoded.error()), redaction);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.log(Level.FINE, "Decoder " + decoder.getClass().getName() + " failed; using the generic result", e);
            return null;
        }
    }

    private static DecodedExchange scrubbed(DecodedExchange decoded, Redaction redaction) {
        if (!redaction.enabled()) {
            return decoded;
        }
        Redacted request = CredentialHeaderRedactor.redact(decoded.requestPreview());
        Redacted response = CredentialHeaderRedactor.redact(decoded.responsePreview());
        if (!request.changed() && !response.changed()) {
            return decoded;
        }
        return new DecodedExchange(decoded.spanName(),
                decoded.attributes().toBuilder().put(ProtocolAttributes.REDACTED, true).build(),
                request.bytes(), response.bytes(), decoded.error());
    }

    /** A decoder's bug must not take the exporter down, but the JVM running out of memory is not the decoder's. */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }
}
