package dev.udsotel.core.protocol;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.protocol.ConnectionRedactor.Outcome;
import dev.udsotel.core.protocol.postgres.FrontendMessages;
import dev.udsotel.core.redaction.Redaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionRedactorTest {
    private static final String SECRET = "hunter2-s3cret";

    private static ConnectionRedactor client(Redaction redaction) {
        return new ConnectionRedactor(Exchanges.connection("/run/app.sock"), redaction);
    }

    /** Sends or receives each message in turn; the redacted messages, joined. */
    private static String through(ConnectionRedactor end, boolean[] sent, byte[]... messages) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < messages.length; i++) {
            byte[] copy = messages[i].clone();
            Outcome outcome = end.redact(sent[i], copy, copy.length);
            assertEquals(messages[i].length, copy.length, "lengths stay");
            all.append(outcome == Outcome.WITHHELD ? "<withheld>" : text(copy));
        }
        return all.toString();
    }

    @Test
    void overwritesAnHttpCredentialSplitOverTwoWritesInPlace() {
        String shown = through(
                client(Redaction.DEFAULT),
                new boolean[] {true, true, false},
                bytes("GET /x?access_token=" + SECRET + " HTTP/1.1\r\nAuthori"),
                bytes("zation: Bearer " + SECRET + "\r\nHost: h\r\n\r\n"),
                bytes("HTTP/1.1 200 OK\r\nSet-Cookie: sid=" + SECRET + "\r\n\r\n"));
        assertFalse(shown.contains("s3cret"), shown);
        assertTrue(shown.contains("GET /x?access_token=**************"), shown);
        assertTrue(shown.contains("Host: h\r\n"), shown);
    }

    @Test
    void overwritesARedisPasswordWhicheverWayTheWritesSplitIt() {
        byte[] auth =
                bytes("*3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$14\r\n" + SECRET + "\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        for (int cut = 1; cut < auth.length; cut++) {
            String shown = through(
                    client(Redaction.DEFAULT),
                    new boolean[] {true, true},
                    java.util.Arrays.copyOfRange(auth, 0, cut),
                    java.util.Arrays.copyOfRange(auth, cut, auth.length));
            assertFalse(shown.contains("s3cret") || shown.contains("default"), cut + ": " + shown);
            assertTrue(shown.endsWith("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), cut + ": " + shown);
        }
    }

    @Test
    void overwritesTheReplyToConfigGetOfAPassword() {
        String shown = through(
                client(Redaction.DEFAULT),
                new boolean[] {true, false, true, false},
                bytes("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$11\r\nrequirepass\r\n"),
                bytes("*2\r\n$11\r\nrequirepass\r\n$14\r\n" + SECRET + "\r\n"),
                bytes("*1\r\n$4\r\nPING\r\n"),
                bytes("+PONG\r\n"));
        assertEquals(
                "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$11\r\nrequirepass\r\n"
                        + "*2\r\n$11\r\n***********\r\n$14\r\n**************\r\n*1\r\n$4\r\nPING\r\n+PONG\r\n",
                shown);
    }

    @Test
    void overwritesAPostgresPasswordMessageAndReturnedRows() {
        byte[] startup = FrontendMessages.startup("user", "app", "database", "shop");
        byte[] askPassword = {'R', 0, 0, 0, 8, 0, 0, 0, 3};
        byte[] password = FrontendMessages.password(SECRET);
        byte[] query = FrontendMessages.query("SELECT name FROM users WHERE pw = '" + SECRET + "' AND id = 42");
        byte[] row = {'D', 0, 0, 0, 20, 0, 1, 0, 0, 0, 10, 'a', 'l', 'i', 'c', 'e', '-', 'r', 'o', 'w', '!'};
        String shown = through(
                client(Redaction.DEFAULT),
                new boolean[] {true, false, true, true, false},
                startup,
                askPassword,
                password,
                query,
                row);
        assertFalse(shown.contains("s3cret") || shown.contains("alice") || shown.contains("42"), shown);
        assertTrue(shown.contains("user\u0000app\u0000"), shown);
        assertTrue(shown.contains("WHERE pw = '**************' AND id = **"), shown);
        assertTrue(
                shown.contains("p\u0000\u0000\u0000\u0013**************\u0000"), "the password's zero stays: " + shown);
    }

    @Test
    void keepsTheMechanismAndLengthOfASaslInitialResponse() {
        byte[] startup = FrontendMessages.startup("user", "app", "database", "shop");
        byte[] offerSasl = FrontendMessages.typed(
                'R', FrontendMessages.concat(new byte[] {0, 0, 0, 10}, bytes("SCRAM-SHA-256\u0000\u0000")));
        byte[] clientFirst = bytes("n,,n=,r=" + SECRET);
        byte[] initial = FrontendMessages.typed(
                'p',
                FrontendMessages.concat(
                        bytes("SCRAM-SHA-256\u0000"), new byte[] {0, 0, 0, (byte) clientFirst.length}, clientFirst));
        byte[] clientFinal = FrontendMessages.typed('p', bytes("c=biws,r=" + SECRET + ",p=" + SECRET));
        String shown = through(
                client(Redaction.DEFAULT),
                new boolean[] {true, false, true, true},
                startup,
                offerSasl,
                initial,
                clientFinal);
        assertFalse(shown.contains("s3cret") || shown.contains("n,,"), shown);
        assertTrue(shown.contains("SCRAM-SHA-256\u0000\u0000\u0000\u0000\u0016**********************p"), shown);
    }

    @Test
    void withholdsUnrecognizedBinaryUnlessItsPathIsOptedIn() {
        byte[] binary = {
            0x16,
            0x03,
            0x01,
            0x00,
            (byte) 0xa5,
            0x01,
            0x00,
            0x00,
            (byte) 0xa1,
            0x03,
            0x03,
            0x55,
            0x21,
            0x7f,
            0x00,
            0x00,
            0x01,
            0x02,
            0x03,
            0x04
        };
        assertEquals("<withheld>", through(client(Redaction.DEFAULT), new boolean[] {true}, binary));
        assertEquals(
                text(binary),
                through(client(new Redaction(true, List.of("/run/*.sock"))), new boolean[] {true}, binary));
    }

    @Test
    void showsNothingOfFirstBytesTooFewToTellTheProtocol() {
        String shown = through(client(Redaction.DEFAULT), new boolean[] {true}, bytes("AUTH"));
        assertEquals("****", shown);
    }

    @Test
    void neverShowsSshAgentKeysEvenWithRedactionOff() {
        byte[] key = bytes("\u0000\u0000\u0000\u0020\u0011\u0000\u0000\u0000\u000bssh-ed25519" + "PRIVATEKEYBYTES!");
        Connection agent = new Connection(
                9,
                "/tmp/ssh-x/agent.1",
                Role.CLIENT,
                SocketType.STREAM,
                new ProcessIdentity(1, "ssh-add", "ssh-add", null));
        String shown = through(new ConnectionRedactor(agent, Redaction.OFF), new boolean[] {true}, key);
        assertFalse(shown.contains("PRIVATE") || shown.contains("ed25519"), shown);
        assertEquals(0x11, shown.charAt(4));
    }

    @Test
    void leavesEverythingAsCapturedWhenRedactionIsOff() {
        String request = "GET / HTTP/1.1\r\nAuthorization: Bearer " + SECRET + "\r\n\r\n";
        assertEquals(request, through(client(Redaction.OFF), new boolean[] {true}, bytes(request)));
    }
}
