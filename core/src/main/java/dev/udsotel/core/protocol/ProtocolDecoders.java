package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.protocol.postgres.PostgresDecoder;
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
 * extension can specialise a built-in protocol), then the built-in HTTP/1.x, Redis RESP and PostgreSQL decoders. The first
 * whose {@code recognizes} is true decodes the exchange. When none does, or the chosen one throws or returns
 * nothing usable, the exchange gets the generic result: span name {@code UDS <socket path>}, no protocol
 * attributes. Whatever decoded it, when redaction is on both previews then pass through
 * {@link CredentialHeaderRedactor} as a second line of defence.
 *
 * <p>{@link #decodeParts}, which builds spans, asks a {@link SinglePassDecoder} (the built-in HTTP/1.x decoder) in
 * one parse and takes its parts as they are: its previews have already passed through the same redactor, which
 * changes nothing the second time. {@link #decode} asks every decoder the plain way, recognizes then decode; the
 * results are the same.
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

    /** HTTP/1.x, then Redis RESP, then PostgreSQL (whose binary framing neither text protocol accepts). */
    public static List<ProtocolDecoder> builtIn() {
        return List.of(new Http1Decoder(), new RespDecoder(), new PostgresDecoder());
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
        return decodeParts(exchange, redaction, false).merged(genericName(exchange));
    }

    /**
     * The same as {@link #decode}, with the attributes not yet merged and the generic span name left to the caller
     * (null span name), so a span builder takes them as they are. Never throws, never returns null.
     */
    public DecodedParts decodeParts(Exchange exchange, Redaction redaction) {
        return decodeParts(exchange, redaction, true);
    }

    private DecodedParts decodeParts(Exchange exchange, Redaction redaction, boolean singlePass) {
        Redaction effective = redaction == null ? Redaction.DEFAULT : redaction;
        for (ProtocolDecoder decoder : decoders) {
            if (singlePass && decoder instanceof SinglePassDecoder<?> single) {
                DecodedParts decoded = inOnePass(single, exchange, effective);
                if (decoded != null) {
                    return decoded;
                }
            } else if (recognizes(decoder, exchange)) {
                DecodedParts decoded = decodeWith(decoder, exchange, effective);
                return decoded == null ? genericParts(exchange, effective) : decoded;
            }
        }
        return genericParts(exchange, effective);
    }

    /** What an exchange no decoder understood becomes. Tolerates an exchange with missing parts. */
    public static DecodedExchange generic(Exchange exchange, Redaction redaction) {
        return genericParts(exchange, redaction).merged(genericName(exchange));
    }

    /** {@code UDS <socket path>}, the span name of an exchange no decoder understood. */
    public static String genericName(Exchange exchange) {
        return genericName(exchange.connection() == null ? "" : exchange.connection().socketPath());
    }

    /** {@code UDS <socket path>}, or {@code UDS (unnamed)}. */
    public static String genericName(String socketPath) {
        return "UDS " + (socketPath.isEmpty() ? "(unnamed)" : socketPath);
    }

    private static DecodedParts genericParts(Exchange exchange, Redaction redaction) {
        return scrubbed(null, Attributes.empty(), null, prefixOf(exchange.request()), prefixOf(exchange.response()),
                false, redaction);
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

    /** The parts, the generic ones when decoding fails, or null when the decoder does not recognize the exchange. */
    private static <P> DecodedParts inOnePass(SinglePassDecoder<P> decoder, Exchange exchange, Redaction redaction) {
        P recognized;
        try {
            recognized = decoder.recognized(exchange);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.log(Level.FINE, "Decoder " + decoder.getClass().getName() + " failed to recognize an exchange", e);
            return null;
        }
        if (recognized == null) {
            return null;
        }
        try {
            DecodedParts decoded = decoder.decodeParts(recognized, exchange, redaction);
            if (decoded == null || decoded.spanName() == null || decoded.attributes() == null
                    || decoded.requestPreview() == null || decoded.responsePreview() == null) {
                return genericParts(exchange, redaction);
            }
            return decoded;
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.log(Level.FINE, "Decoder " + decoder.getClass().getName() + " failed; using the generic result", e);
            return genericParts(exchange, redaction);
        }
    }

    private static DecodedParts decodeWith(ProtocolDecoder decoder, Exchange exchange, Redaction redaction) {
        try {
            DecodedExchange decoded = decoder.decode(exchange, redaction);
            if (decoded == null || decoded.spanName() == null || decoded.attributes() == null
                    || decoded.requestPreview() == null || decoded.responsePreview() == null) {
                return null;
            }
            Attributes attributes = decoded.attributes();
            String protocol = decoder.name();
            if (!DecodedParts.keepsApart(attributes)) {
                attributes = attributes.toBuilder().put(ProtocolAttributes.PROTOCOL, protocol).build();
                protocol = null;
            }
            return scrubbed(decoded.spanName(), attributes, protocol, decoded.requestPreview(),
                    decoded.responsePreview(), decoded.error(), redaction);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.log(Level.FINE, "Decoder " + decoder.getClass().getName() + " failed; using the generic result", e);
            return null;
        }
    }

    /** Passes both previews through {@link CredentialHeaderRedactor} when redaction is on. */
    private static DecodedParts scrubbed(String spanName, Attributes attributes, String protocol,
            byte[] requestPreview, byte[] responsePreview, boolean error, Redaction redaction) {
        if (!redaction.enabled()) {
            return new DecodedParts(spanName, attributes, protocol, false, requestPreview, responsePreview, error);
        }
        Redacted request = CredentialHeaderRedactor.redact(requestPreview);
        Redacted response = CredentialHeaderRedactor.redact(responsePreview);
        if (!request.changed() && !response.changed()) {
            return new DecodedParts(spanName, attributes, protocol, false, requestPreview, responsePreview, error);
        }
        if (protocol == null && !DecodedParts.keepsApart(attributes)) {
            attributes = attributes.toBuilder().put(ProtocolAttributes.REDACTED, true).build();
            return new DecodedParts(spanName, attributes, null, false, request.bytes(), response.bytes(), error);
        }
        return new DecodedParts(spanName, attributes, protocol, true, request.bytes(), response.bytes(), error);
    }

    /** A decoder's bug must not take the exporter down, but the JVM running out of memory is not the decoder's. */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }
}
