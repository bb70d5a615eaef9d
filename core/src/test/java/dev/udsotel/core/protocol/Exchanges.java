package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds exchanges the way the conversation tracker hands them to decoders. */
public final class Exchanges {
    public static final ProcessIdentity PROCESS = new ProcessIdentity(4242, "java", "demo", null);
    public static final String SOCKET = "/run/demo.sock";

    private Exchanges() {}

    public static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static Connection connection(String socketPath) {
        return connection(socketPath, Role.CLIENT);
    }

    public static Connection connection(String socketPath, Role role) {
        return new Connection(7, socketPath, role, SocketType.STREAM, PROCESS);
    }

    /** Both directions captured in full. */
    public static Exchange of(String request, String response) {
        return of(bytes(request), bytes(response));
    }

    public static Exchange of(byte[] request, byte[] response) {
        return cut(request, request.length, response, response.length);
    }

    /** The request and response cut by a capture limit after the given number of bytes. */
    public static Exchange cut(byte[] request, int requestCut, byte[] response, int responseCut) {
        return on(connection(SOCKET), captured(request, requestCut), captured(response, responseCut));
    }

    public static Exchange on(Connection connection, Captured request, Captured response) {
        return new Exchange(connection, 1_000, response.isEmpty() ? -1 : 2_000, 3_000, request, response, 2, null);
    }

    public static Captured captured(byte[] all, int cut) {
        int limit = Math.max(0, Math.min(cut, all.length));
        return new Captured(all.length, Arrays.copyOf(all, limit));
    }
}
