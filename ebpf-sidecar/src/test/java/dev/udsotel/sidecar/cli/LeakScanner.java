package dev.udsotel.sidecar.cli;

import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.testing.ReceivedSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for planted secrets in everything a run wrote, in every form an output may carry them: raw, escaped (the
 * previews' rendering, JSON string escapes, both at once), base64 at each alignment and decoded from any base64
 * run, and hex (as {@code -X} prints it, blanks between the groups). A secret counts as found when any
 * {@value #WINDOW} consecutive bytes of it are.
 */
final class LeakScanner {
    static final int WINDOW = 12;
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");

    private final Map<String, List<String>> views = new LinkedHashMap<>();

    /** Adds every output of one uds-trace run: its live view, its stderr, the spans it exported, --json and --pcap. */
    LeakScanner addRun(UdsTraceProcess cli, List<ReceivedSpan> spans, Path json, Path pcap) throws IOException {
        return add("live view", cli.stdout().getBytes(StandardCharsets.UTF_8))
                .add("stderr", cli.stderr().getBytes(StandardCharsets.UTF_8))
                .add("spans", ReceivedSpan.describeAll(spans).getBytes(StandardCharsets.UTF_8))
                .add("json", Files.readAllBytes(json))
                .add("pcap", Files.readAllBytes(pcap));
    }

    /** Adds one output, under a name that says where it came from. */
    LeakScanner add(String name, byte[] output) {
        List<byte[]> forms = new ArrayList<>();
        forms.add(output);
        String latin1 = new String(output, StandardCharsets.ISO_8859_1);
        byte[] once = PayloadText.parse(latin1);
        forms.add(once);
        forms.add(PayloadText.parse(new String(once, StandardCharsets.ISO_8859_1)));
        forms.add(latin1.replaceAll("\\s", "").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1));
        Matcher runs = BASE64_RUN.matcher(latin1);
        while (runs.find()) {
            String run = runs.group();
            try {
                forms.add(Base64.getDecoder().decode(run.substring(0, run.length() - run.length() % 4)));
            } catch (IllegalArgumentException ignored) {
                // not base64 after all
            }
        }
        views.put(name, forms.stream().map(LeakScanner::latin1).toList());
        return this;
    }

    /** Where the secret shows, such as {@code "json"}; empty when nowhere. */
    List<String> whereFound(String secret) {
        List<byte[]> needles = needles(secret.getBytes(StandardCharsets.ISO_8859_1));
        return whereFound(needles);
    }

    /** Where any window of the secret bytes shows. */
    List<String> whereFound(byte[] secret) {
        return whereFound(needles(secret));
    }

    private List<String> whereFound(List<byte[]> needles) {
        List<String> found = new ArrayList<>();
        for (var view : views.entrySet()) {
            outer:
            for (String form : view.getValue()) {
                for (byte[] needle : needles) {
                    if (form.contains(latin1(needle))) {
                        found.add(view.getKey() + " (" + new String(needle, StandardCharsets.ISO_8859_1) + ")");
                        break outer;
                    }
                }
            }
        }
        return found;
    }

    private static List<byte[]> needles(byte[] secret) {
        List<byte[]> needles = new ArrayList<>();
        for (int at = 0; at + WINDOW <= secret.length; at++) {
            byte[] window = java.util.Arrays.copyOfRange(secret, at, at + WINDOW);
            needles.add(window);
            needles.add(HexFormat.of().formatHex(window).getBytes(StandardCharsets.ISO_8859_1));
        }
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[shift + secret.length];
            System.arraycopy(secret, 0, padded, shift, secret.length);
            String encoded = Base64.getEncoder().encodeToString(padded);
            int from = (shift * 4 + 2) / 3 + 1;
            int to = encoded.length() - 4;
            if (to - from >= WINDOW) {
                needles.add(encoded.substring(from, to).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return needles;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
