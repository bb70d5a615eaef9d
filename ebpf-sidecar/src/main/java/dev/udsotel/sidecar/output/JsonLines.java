package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Credentials;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.PassedDescriptor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code --json}: one object per event with every field, the payload as base64 and as escaped text after the
 * redaction policy, and what the policy did ({@code redaction}: {@code clean}, {@code redacted} or {@code withheld},
 * when payload and text are empty).
 */
public final class JsonLines implements EventSink {
    private final BufferedWriter out;

    public JsonLines(Writer out) {
        this.out = new BufferedWriter(out, 1 << 16);
    }

    @Override
    public void accept(TracedEvent event) throws IOException {
        out.write(toJson(event));
        out.write('\n');
    }

    static String toJson(TracedEvent event) {
        IoEvent io = event.io();
        Connection c = io.connection();
        return new Json()
                .field("time", Instant.ofEpochSecond(0, event.epochNanos()).toString())
                .field("start_ns", io.startNanos())
                .field("end_ns", io.endNanos())
                .field("kind", io.kind().name().toLowerCase(java.util.Locale.ROOT))
                .field("pid", c.process().pid())
                .field("comm", event.comm())
                .field("exe", c.process().executableName())
                .field("container_id", c.process().containerId())
                .field("fd", event.fd())
                .field("path", c.socketPath())
                .field("socket_type", c.type().attributeValue())
                .field("role", c.role().name().toLowerCase(java.util.Locale.ROOT))
                .field("connection_id", c.connectionId())
                .field("inode", c.inode())
                .field("peer_inode", c.peerInode())
                .field("peer_pid", c.peerPid())
                .field("bytes", io.byteCount())
                .field("captured", event.shownPayload().length)
                .field("truncated", event.shownPayload().length < io.byteCount())
                .field(
                        "payload_base64",
                        event.showsPayload() ? Base64.getEncoder().encodeToString(event.shownPayload()) : "")
                .field("text", event.showsPayload() ? TextPreview.escape(event.shownPayload(), Integer.MAX_VALUE) : "")
                .field("redaction", event.payload().name().toLowerCase(java.util.Locale.ROOT))
                .field("error", io.error())
                .field("scm_rights_fds", event.ancillary().passedFds())
                .field(
                        "passed_fds",
                        event.ancillary().described().stream()
                                .map(JsonLines::descriptor)
                                .toList())
                .field("scm_credentials", event.ancillary().credentials() != null)
                .field("credentials", credentials(event.ancillary().credentials()))
                .end();
    }

    private static Json descriptor(PassedDescriptor fd) {
        return new Json()
                .field("type", fd.type().label())
                .field("inode", fd.inode())
                .field("name", fd.name())
                .field("socket_family", fd.socketFamily())
                .field("socket_type", fd.socketType());
    }

    private static Json credentials(Credentials c) {
        return c == null
                ? null
                : new Json()
                        .field("pid", c.pid())
                        .field("uid", Integer.toUnsignedLong(c.uid()))
                        .field("gid", Integer.toUnsignedLong(c.gid()));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
