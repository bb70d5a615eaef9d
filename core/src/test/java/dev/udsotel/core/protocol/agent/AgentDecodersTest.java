package dev.udsotel.core.protocol.agent;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentDecodersTest {
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA";
    private final ProtocolDecoders decoders = ProtocolDecoders.standard();

    /** An ssh-agent message: length, type, contents. */
    private static byte[] sshMessage(int type, byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = contents.length + 1;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(type);
        out.writeBytes(contents);
        return out.toByteArray();
    }

    @Test
    void keepsAnSshPrivateKeyOutOfEveryPreviewEvenWithRedactionOffOrTheSocketOptedIn() {
        byte[] add = sshMessage(17, bytes("\u0000\u0000\u0000\u000bssh-ed25519" + KEY));
        byte[] success = sshMessage(6, new byte[0]);
        for (Redaction redaction : List.of(Redaction.DEFAULT, Redaction.OFF, new Redaction(true, List.of("/**")))) {
            DecodedExchange decoded = decoders.decode(Exchanges.of(add, success), redaction);
            assertEquals("ADD_IDENTITY", decoded.spanName());
            assertEquals("ssh-agent", decoded.attributes().get(ProtocolAttributes.PROTOCOL));
            assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
            assertEquals(add.length, decoded.requestPreview().length, "lengths and framing stay");
            assertEquals(17, decoded.requestPreview()[4]);
            Leaks.assertNoLeak(decoded, KEY, redaction.toString());
            Leaks.assertNoLeak(decoded, "ed25519" + KEY, redaction.toString());
        }
    }

    @Test
    void keepsEveryCutOfAnSshKeyOutOfThePreviews() {
        byte[] add = sshMessage(17, bytes("\u0000\u0000\u0000\u000bssh-ed25519" + KEY));
        for (int cut = 5; cut <= add.length; cut++) {
            DecodedExchange decoded = decoders.decode(Exchanges.cut(add, cut, new byte[0], 0), Redaction.OFF);
            Leaks.assertNoLeak(decoded, KEY, "cut at " + cut);
        }
    }

    @Test
    void keepsGpgAgentDataLinesAndPassphrasesOut() {
        String passphrase = "70617373706872617365";
        String request = "PRESET_PASSPHRASE 0123ABCD -1 " + passphrase + "\nGETINFO version\n";
        String response = "OK\nD 2.2.40\nOK\n";
        for (Redaction redaction : List.of(Redaction.DEFAULT, Redaction.OFF)) {
            DecodedExchange decoded = decoders.decode(Exchanges.of(request, response), redaction);
            assertEquals("PRESET_PASSPHRASE", decoded.spanName());
            assertEquals("gpg-agent", decoded.attributes().get(ProtocolAttributes.PROTOCOL));
            Leaks.assertNoLeak(decoded, passphrase, redaction.toString());
            Leaks.assertNoLeak(decoded, "0123ABCD", redaction.toString());
            assertTrue(text(decoded.requestPreview()).endsWith("\nGETINFO version\n"), text(decoded.requestPreview()));
            assertEquals("OK\nD ******\nOK\n", text(decoded.responsePreview()));
        }
    }

    @Test
    void recognizesTheGpgAgentGreeting() {
        DecodedExchange decoded = decoders.decode(
                Exchanges.of(new byte[0], "OK Pleased to meet you, process 4242\n".getBytes(StandardCharsets.US_ASCII)),
                Redaction.DEFAULT);
        assertEquals("GREETING", decoded.spanName());
    }
}
