package dev.udsotel.core.protocol.fuzz;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.redaction.Redaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One exchange as a decoder sees it: the captured prefix of each direction and how many bytes really moved (more
 * than the prefix when the capture limit cut it), and whether redaction is on.
 */
record Traffic(byte[] request, long requestTotal, byte[] response, long responseTotal, boolean redact) {

    static final int DEFAULT_CAPTURE = 256;

    /** Both directions as captured by a limit of {@code requestCut} and {@code responseCut} bytes. */
    static Traffic cut(byte[] request, int requestCut, byte[] response, int responseCut, boolean redact) {
        return new Traffic(
                prefix(request, requestCut), request.length, prefix(response, responseCut), response.length, redact);
    }

    static Traffic whole(byte[] request, byte[] response) {
        return new Traffic(request, request.length, response, response.length, true);
    }

    private static byte[] prefix(byte[] bytes, int cut) {
        return cut >= bytes.length ? bytes : java.util.Arrays.copyOf(bytes, Math.max(0, cut));
    }

    /** A fresh exchange with its own copies of the bytes, so a decoder that writes into them is caught. */
    Exchange exchange() {
        return Exchanges.on(
                Exchanges.connection(Exchanges.SOCKET),
                new Captured(requestTotal, request.clone()),
                new Captured(responseTotal, response.clone()));
    }

    Redaction redaction() {
        return redact ? Redaction.DEFAULT : new Redaction(false);
    }

    @Override
    public String toString() {
        return "request " + PayloadText.render(request) + " (" + requestTotal + " bytes moved), response "
                + PayloadText.render(response) + " (" + responseTotal + " bytes moved), redaction "
                + (redact ? "on" : "off");
    }

    /** Shorter requests and responses, and the same traffic uncut, for shrinking. */
    Iterator<Traffic> smaller() {
        List<Traffic> simpler = new ArrayList<>(3);
        if (response.length > 0) {
            simpler.add(new Traffic(request, requestTotal, new byte[0], 0, redact));
        }
        if (requestTotal > request.length || responseTotal > response.length) {
            simpler.add(new Traffic(request, request.length, response, response.length, redact));
        }
        Iterator<byte[]> requests = ByteShrinking.removals(request);
        Iterator<byte[]> responses = ByteShrinking.removals(response);
        Iterator<Traffic> first = simpler.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || requests.hasNext() || responses.hasNext();
            }

            @Override
            public Traffic next() {
                if (first.hasNext()) {
                    return first.next();
                }
                if (requests.hasNext()) {
                    byte[] r = requests.next();
                    return new Traffic(r, requestTotal - (request.length - r.length), response, responseTotal, redact);
                }
                byte[] r = responses.next();
                return new Traffic(request, requestTotal, r, responseTotal - (response.length - r.length), redact);
            }
        };
    }
}
