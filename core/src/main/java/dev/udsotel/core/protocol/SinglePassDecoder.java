package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Exchange;

/**
 * A decoder whose recognizing and decoding share one parse, and whose result needs no merging: what
 * {@link ProtocolDecoders#decodeParts} uses for spans. Its answers must equal those of {@link #recognizes} and of
 * {@link #decode} followed by the registry's merging, which the plain {@link ProtocolDecoders#decode} still does.
 *
 * @param <P> what recognizing found
 */
public interface SinglePassDecoder<P> extends ProtocolDecoder {
    /** What {@link #recognizes} looks at, kept for decoding, or null when it would answer false. */
    P recognized(Exchange exchange);

    /**
     * {@link #decode} of a recognized exchange as parts: attributes in key order without {@code uds.protocol} and
     * {@code uds.redacted} (the flag says whether a secret was removed), protocol {@link #name()}, and previews that
     * have already passed through {@link CredentialHeaderRedactor} when redaction is on.
     */
    DecodedParts decodeParts(P recognized, Exchange exchange, Redaction redaction);
}
