package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.agent.GpgAgentDecoder;
import dev.udsotel.core.protocol.agent.SshAgentDecoder;
import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.protocol.http2.Http2Call;
import dev.udsotel.core.protocol.http2.Http2CallDecoder;
import dev.udsotel.core.protocol.postgres.PostgresDecoder;
import dev.udsotel.core.protocol.redis.RespDecoder;
import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.redaction.TextSecrets;
import dev.udsotel.core.redaction.UnknownPayloads;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks the decoder for each exchange and makes sure decoding never fails and never leaks a credential.
 *
 * <p>Decoders are asked in order: those found by {@link ServiceLoader} for {@link ProtocolDecoder} first (so an
 * extension can specialise a built-in protocol), then the built-in ones. The first whose {@code decode} answers
 * decodes the exchange, in one parse. When none does, or the chosen one throws or returns nothing usable, the
 * exchange gets the generic result: span name {@code UDS <socket path>}, no protocol attributes, and previews as
 * {@link UnknownPayloads} allows (text scrubbed, binary withheld). Whatever decoded it, when redaction is on both
 * previews then pass through {@link dev.udsotel.core.redaction.TextSecrets} as a second line of defence.
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

    /**
     * HTTP/1.x, then Redis RESP, then PostgreSQL (whose binary framing neither text protocol accepts), then the
     * ssh-agent and gpg-agent protocols, recognized so that their key material is never shown.
     */
    public static List<ProtocolDecoder> builtIn() {
        return List.of(
                new Http1Decoder(),
                new RespDecoder(),
                new PostgresDecoder(),
                new SshAgentDecoder(),
                new GpgAgentDecoder());
    }

    /** Every {@link ProtocolDecoder} provider visible to {@code loader}; a provider that fails to load is skipped. */
    public static List<ProtocolDecoder> serviceLoaded(ClassLoader loader) {
        List<ProtocolDecoder> found = new ArrayList<>();
        try {
            Iterator<ProtocolDecoder> providers =
                    ServiceLoader.load(ProtocolDecoder.class, loader).iterator();
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

    /**
     * The decoded exchange, with the policy applied; never throws, never returns null.
     */
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        return decode(exchange, redaction, Use.SPAN);
    }

    /**
     * The decoded exchange as the metrics need it, with no previews: what is shed is never written as text, so its
     * previews are not scanned for secrets (a fifth of the sidecar's reader thread under load, measured).
     */
    public DecodedExchange decodeForMetrics(Exchange exchange, Redaction redaction) {
        return decode(exchange, redaction, Use.METRICS);
    }

    /** What a result is for: a span writes the previews, the metrics do not. */
    private enum Use {
        SPAN,
        METRICS
    }

    private DecodedExchange decode(Exchange exchange, Redaction redaction, Use use) {
        Redaction effective = redaction == null ? Redaction.DEFAULT : redaction;
        Supplier<DecodedExchange> generic =
                use == Use.SPAN ? () -> generic(exchange, effective) : () -> genericWithoutPreviews(exchange);
        for (ProtocolDecoder decoder : decoders) {
            DecodedExchange decoded;
            try {
                decoded = decoder.decode(exchange, effective);
            } catch (Throwable e) {
                rethrowIfFatal(e);
                LOG.log(Level.FINE, "Decoder " + decoder.getClass().getName() + " failed; using the generic result", e);
                return generic.get();
            }
            if (decoded != null) {
                return checked(decoded, decoder.name(), generic, effective, use);
            }
        }
        return generic.get();
    }

    /**
     * One stream of an HTTP/2 connection, decoded by {@link Http2CallDecoder} and checked as any exchange is; never
     * throws, never returns null. A failure gives the generic name and no previews.
     */
    public DecodedExchange decode(Http2Call call, Redaction redaction) {
        return decode(call, redaction, Use.SPAN);
    }

    /** One HTTP/2 call as the metrics need it, with no previews (see {@link #decodeForMetrics(Exchange, Redaction)}). */
    public DecodedExchange decodeForMetrics(Http2Call call, Redaction redaction) {
        return decode(call, redaction, Use.METRICS);
    }

    private DecodedExchange decode(Http2Call call, Redaction redaction, Use use) {
        Redaction effective = redaction == null ? Redaction.DEFAULT : redaction;
        String path = call.connection().socketPath();
        Supplier<DecodedExchange> generic = () -> new DecodedExchange(
                genericName(path),
                Attributes.empty(),
                Http2CallDecoder.PROTOCOL,
                false,
                new byte[0],
                new byte[0],
                false);
        try {
            return checked(
                    Http2CallDecoder.decode(call, call.connection().role(), effective),
                    Http2CallDecoder.PROTOCOL,
                    generic,
                    effective,
                    use);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.log(Level.FINE, "The HTTP/2 call decoder failed; using the generic result", e);
            return generic.get();
        }
    }

    /** {@code UDS <socket path>}, the span name of an exchange no decoder understood. */
    public static String genericName(Exchange exchange) {
        return genericName(
                exchange.connection() == null ? "" : exchange.connection().socketPath());
    }

    /** {@code UDS <socket path>}, or {@code UDS (unnamed)}. */
    public static String genericName(String socketPath) {
        return "UDS " + (socketPath.isEmpty() ? "(unnamed)" : socketPath);
    }

    /** What an exchange no decoder understood becomes. Tolerates an exchange with missing parts. */
    public static DecodedExchange generic(Exchange exchange, Redaction redaction) {
        String path = exchange.connection() == null ? "" : exchange.connection().socketPath();
        Redacted request = UnknownPayloads.preview(prefixOf(exchange.request()), path, redaction);
        Redacted response = UnknownPayloads.preview(prefixOf(exchange.response()), path, redaction);
        return new DecodedExchange(
                genericName(path),
                Attributes.empty(),
                null,
                request.changed() || response.changed(),
                request.bytes(),
                response.bytes(),
                false);
    }

    private static byte[] prefixOf(Captured captured) {
        return captured == null || captured.prefix() == null ? new byte[0] : captured.prefix();
    }

    /** A decoder's result made safe to write as it is, or the generic result when it is unusable. */
    private static DecodedExchange checked(
            DecodedExchange decoded, String name, Supplier<DecodedExchange> generic, Redaction redaction, Use use) {
        if (decoded.decoderAttributes() == null
                || decoded.requestPreview() == null
                || decoded.responsePreview() == null) {
            return generic.get();
        }
        if (decoded.protocol() == null || decoded.spanName() == null) {
            decoded = new DecodedExchange(
                    decoded.spanName() != null
                            ? decoded.spanName()
                            : generic.get().spanName(),
                    decoded.decoderAttributes(),
                    decoded.protocol() != null ? decoded.protocol() : name,
                    decoded.redacted(),
                    decoded.requestPreview(),
                    decoded.responsePreview(),
                    decoded.error());
        }
        if (!decoded.wellFormed()) {
            decoded = decoded.normalized();
        }
        if (use == Use.METRICS) {
            return withoutPreviews(decoded);
        }
        return redaction.enabled() ? scrubbed(decoded) : decoded;
    }

    private static DecodedExchange withoutPreviews(DecodedExchange decoded) {
        return decoded.withPreviews(new byte[0], new byte[0], false);
    }

    /** The generic result's name and attributes, for the metrics: its previews are never made. */
    private static DecodedExchange genericWithoutPreviews(Exchange exchange) {
        return new DecodedExchange(
                genericName(exchange), Attributes.empty(), null, false, new byte[0], new byte[0], false);
    }

    /** The second line of defence: credential-looking pairs left in a decoder's previews. */
    private static DecodedExchange scrubbed(DecodedExchange decoded) {
        Redacted request = TextSecrets.redact(decoded.requestPreview());
        Redacted response = TextSecrets.redact(decoded.responsePreview());
        if (!request.changed() && !response.changed()) {
            return decoded;
        }
        return decoded.withPreviews(request.bytes(), response.bytes(), true);
    }

    /** A decoder's bug must not take the exporter down, but the JVM running out of memory is not the decoder's. */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }
}
