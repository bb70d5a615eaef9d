package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code uds-trace --help}: the prose and examples of help.txt, with the usage line and the flag lists written from
 * the {@link Flag} table, so a flag cannot be missing from the help.
 */
final class HelpText {
    private static final int WIDTH = 100;
    private static final int FLAG_COLUMN = 18;

    private HelpText() {}

    static String render() {
        String template;
        try (InputStream in = HelpText.class.getResourceAsStream("help.txt")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "uds-trace: help text missing from the jar\n";
        }
        return template.replace("{usage}", usage())
                .replace("{filters}", flags(Flag.Section.FILTER))
                .replace("{outputs}", flags(Flag.Section.OUTPUT))
                .replace("{redaction}", flags(Flag.Section.REDACTION));
    }

    private static String usage() {
        List<String> words = new ArrayList<>();
        for (Flag flag : Flag.values()) {
            if (flag != Flag.HELP) {
                String name = flag.longName != null && flag.valueName != null
                        ? flag.longName
                        : flag.names().get(0);
                String word = "[" + name + (flag.valueName == null ? "" : " " + flag.valueName) + "]";
                words.add(flag.repeatable ? word + "..." : word);
            }
        }
        String prefix = "Usage: uds-trace ";
        return wrap(prefix, words, prefix.length()).stripTrailing();
    }

    private static String flags(Flag.Section section) {
        StringBuilder out = new StringBuilder();
        for (Flag flag : Flag.values()) {
            if (flag.section != section) {
                continue;
            }
            String synopsis = "  " + flag.synopsis();
            String head = synopsis.length() + 1 < FLAG_COLUMN
                    ? synopsis + " ".repeat(FLAG_COLUMN - synopsis.length())
                    : synopsis + "  ";
            out.append(wrap(head, List.of(flag.help.split(" ")), FLAG_COLUMN));
        }
        return out.toString().stripTrailing();
    }

    /** Words filled into lines of at most {@link #WIDTH}, after {@code head}, later lines indented by {@code indent}. */
    private static String wrap(String head, List<String> words, int indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(head);
        boolean first = true;
        for (String word : words) {
            if (!first && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(" ".repeat(indent));
            }
            if (!first && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
            first = false;
        }
        return out.append(line).append('\n').toString();
    }
}
