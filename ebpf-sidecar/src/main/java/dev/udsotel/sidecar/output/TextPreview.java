package dev.udsotel.sidecar.output;

import dev.udsotel.core.payload.PayloadText;
import java.util.Arrays;

/** Payload bytes as one printable line, escaped the way span previews are, cut after a limit. */
public final class TextPreview {
    private TextPreview() {}

    public static String escape(byte[] bytes, int limit) {
        if (bytes.length <= limit) {
            return PayloadText.render(bytes);
        }
        return PayloadText.render(Arrays.copyOf(bytes, limit)) + "...";
    }
}
