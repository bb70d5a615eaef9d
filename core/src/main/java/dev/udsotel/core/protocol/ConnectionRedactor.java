package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Pieces;
import dev.udsotel.core.protocol.agent.AssuanStream;
import dev.udsotel.core.protocol.agent.SshAgentStream;
import dev.udsotel.core.protocol.http2.FrameShape;
import dev.udsotel.core.protocol.http2.Http2Preface;
import dev.udsotel.core.protocol.http2.Http2StreamRedactor;
import dev.udsotel.core.protocol.postgres.PostgresStream;
import dev.udsotel.core.protocol.redis.RespStream;
import dev.udsotel.core.redaction.CredentialNames;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.redaction.SecretRanges;
import dev.udsotel.core.redaction.StreamRedactor;
import dev.udsotel.core.redaction.TextSecrets;
import dev.udsotel.core.redaction.TextStream;
import dev.udsotel.core.redaction.UnknownPayloads;
import java.util.Arrays;
import java.util.List;

/**
 * The redaction policy for per-message outputs, for one end of one connection: it guesses the protocol from the
 * first bytes with the built-in decoders' own recognition, then keeps one {@link StreamRedactor} per direction, so a
 * secret split over messages, or one that only the other direction announced (a reply to {@code CONFIG GET}), is
 * still found. Messages are overwritten in place, lengths kept. Bytes no decoder recognizes and that look binary are
 * withheld, unless the policy reveals them. Used by one thread.
 */
public final class ConnectionRedactor {
    /** What happened to one message. */
    public enum Outcome {
        /** Nothing secret was found: the bytes are as captured. */
        CLEAN,
        /** Secrets were overwritten in place. */
        REDACTED,
        /** Binary that nothing recognized: no byte may leave, only sizes and timing. */
        WITHHELD
    }

    private static final String HTTP2 = "http2";
    private static final StreamRedactor UNCHANGED = (captured, total) -> false;
    /** First bytes enough to tell a protocol no decoder recognized from a fragment of one. */
    private static final int TELLING_BYTES = 16;

    private final Connection connection;
    private final Redaction redaction;
    private String protocol;
    private boolean withheld;
    private boolean requestIsSend;
    private StreamRedactor requests;
    private StreamRedactor responses;
    /** The first bytes, while too few to tell the protocol. */
    private byte[] pending;

    private boolean pendingSent;

    public ConnectionRedactor(Connection connection, Redaction redaction) {
        this.connection = connection;
        this.redaction = redaction;
    }

    /** The protocol guessed from the first bytes ({@code http}, {@code redis}...), {@code text}, {@code binary}, or null. */
    public String protocol() {
        return protocol;
    }

    /**
     * Overwrites the secrets of one message in place.
     *
     * @param sent whether this end sent the message (else it received it)
     * @param captured the message's captured bytes, a copy the caller may change
     * @param total the message's full length
     */
    public Outcome redact(boolean sent, byte[] captured, long total) {
        return redact(sent, captured, Pieces.NONE, total);
    }

    /**
     * The same for a message captured as a prefix and {@link Pieces} past it (HTTP/2 followed frame by frame): only
     * the prefix is overwritten; the pieces keep the protocol's state in step.
     */
    public Outcome redact(boolean sent, byte[] captured, Pieces pieces, long total) {
        if (protocol == null) {
            if (captured.length == 0) {
                return Outcome.CLEAN;
            }
            byte[] seen = pending == null ? captured.clone() : concat(pending, captured);
            if (!choose(sent, seen, total > captured.length)) {
                pending = seen;
                pendingSent = sent;
                if (harmlessText(seen)) {
                    return Outcome.CLEAN; // plain words such as "ping": shown, though the protocol is not told yet
                }
                Arrays.fill(captured, SecretRanges.FILL);
                return Outcome.REDACTED; // too little to tell the protocol: nothing is shown until it is told
            }
            if (pending != null) {
                byte[] before = pending;
                pending = null;
                (pendingSent == requestIsSend ? requests : responses).redact(before, before.length);
            }
        }
        if (withheld) {
            return Outcome.WITHHELD;
        }
        StreamRedactor direction = sent == requestIsSend ? requests : responses;
        return direction.redact(captured, pieces, total) ? Outcome.REDACTED : Outcome.CLEAN;
    }

    /**
     * Guesses the protocol from the first bytes of one direction; false, deciding nothing, when no decoder
     * recognizes them yet and more of them may still tell: fewer than {@value #TELLING_BYTES}, not even one whole line,
     * nothing uncaptured (a command split over writes, such as {@code *3} then the rest of a Redis AUTH).
     */
    private boolean choose(boolean sent, byte[] first, boolean cut) {
        requestIsSend = switch (connection.role()) {
            case CLIENT -> true;
            case SERVER -> false;
            case PEER -> pending != null ? pendingSent : sent;
        };
        boolean isRequest = sent == requestIsSend;
        Captured bytes = new Captured(first.length + (cut ? 1 : 0), first);
        Exchange exchange = new Exchange(
                connection,
                0,
                isRequest ? -1 : 0,
                0,
                isRequest ? bytes : Captured.EMPTY,
                isRequest ? Captured.EMPTY : bytes,
                1,
                null);
        boolean http2FromStart = Http2Preface.startsWith(first) || startsWithSettings(first);
        if (http2FromStart || FrameShape.wholeFrames(first)) {
            protocol = HTTP2;
        }
        for (ProtocolDecoder decoder : protocol != null ? List.<ProtocolDecoder>of() : ProtocolDecoders.builtIn()) {
            if (recognizes(decoder, exchange)) {
                protocol = decoder.name();
                break;
            }
        }
        if (protocol == null) {
            boolean directionChanged = pending != null && sent != pendingSent;
            boolean wholeLine = indexOfLineFeed(first) >= 0 && first[0] != '*'; // *3\r\n starts a Redis command
            if (first.length < TELLING_BYTES && !cut && !directionChanged && !wholeLine) {
                return false;
            }
            protocol = UnknownPayloads.looksBinary(first, 0, first.length) ? "binary" : "text";
        }
        boolean keyMaterial = protocol.equals("ssh-agent") || protocol.equals("gpg-agent");
        if (!redaction.enabled() && !keyMaterial) {
            requests = responses = UNCHANGED;
            return true;
        }
        switch (protocol) {
            case "redis" -> {
                RespStream.Shared shared = new RespStream.Shared();
                requests = new RespStream(true, shared);
                responses = new RespStream(false, shared);
            }
            case "postgresql" -> {
                PostgresStream.Shared shared = new PostgresStream.Shared();
                requests = new PostgresStream(true, shared);
                responses = new PostgresStream(false, shared);
            }
            case "ssh-agent" -> {
                requests = new SshAgentStream();
                responses = new SshAgentStream();
            }
            case "gpg-agent" -> {
                requests = new AssuanStream();
                responses = new AssuanStream();
            }
            case HTTP2 -> {
                boolean zeroData = !redaction.revealsBinary(connection.socketPath());
                requests = new Http2StreamRedactor(zeroData, http2FromStart);
                responses = new Http2StreamRedactor(zeroData, http2FromStart);
            }
            case "binary" -> {
                withheld = !redaction.revealsBinary(connection.socketPath());
                requests = responses = UNCHANGED;
            }
            default -> {
                requests = new TextStream();
                responses = new TextStream();
            }
        }
        return true;
    }

    /**
     * Whether a fragment too short to tell its protocol may be shown as it is: printable text that cannot be the
     * start of a Redis command ({@code *} or {@code $}), names no credential (so not {@code AUTH ...}) and holds no
     * credential-looking pair.
     */
    private static boolean harmlessText(byte[] fragment) {
        if (fragment.length == 0
                || fragment[0] == '*'
                || fragment[0] == '$'
                || UnknownPayloads.looksBinary(fragment, 0, fragment.length)) {
            return false;
        }
        int word = 0;
        for (int i = 0; i <= fragment.length; i++) {
            if (i == fragment.length || !Character.isLetterOrDigit(fragment[i])) {
                if (CredentialNames.isCredential(fragment, word, i)) {
                    return false;
                }
                word = i + 1;
            }
        }
        return !TextSecrets.redact(fragment).changed();
    }

    /** A SETTINGS frame that is no acknowledgement: how an HTTP/2 server's side of a connection starts. */
    private static boolean startsWithSettings(byte[] bytes) {
        return bytes.length >= 9 && bytes[3] == 4 && (bytes[4] & 1) == 0 && FrameShape.wholeFrames(bytes);
    }

    private static int indexOfLineFeed(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static boolean recognizes(ProtocolDecoder decoder, Exchange exchange) {
        try {
            return decoder.recognizes(exchange);
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }
}
