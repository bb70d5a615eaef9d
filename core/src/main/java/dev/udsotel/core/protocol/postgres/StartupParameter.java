package dev.udsotel.core.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One name and value pair of a StartupMessage.
 *
 * @param name the parameter name, always fully visible
 * @param valueStart where the value starts
 * @param valueEnd where its visible part ends
 * @param complete whether the whole value is visible
 */
record StartupParameter(String name, int valueStart, int valueEnd, boolean complete) {

    /** The parameters whose name is visible, in order; the last one's value may be cut or empty. */
    static List<StartupParameter> read(byte[] bytes, FrontendMessage startup) {
        List<StartupParameter> parameters = new ArrayList<>(4);
        int visibleEnd = startup.visibleEnd(bytes);
        int at = startup.bodyStart();
        while (at < visibleEnd && bytes[at] != 0) {
            int nameEnd = Wire.textEnd(bytes, at, startup.end(), Wire.Text.NAME);
            if (nameEnd < 0) {
                break;
            }
            String name = new String(bytes, at, nameEnd - at, StandardCharsets.UTF_8);
            int valueStart = nameEnd + 1;
            int valueEnd = Wire.textEnd(bytes, valueStart, startup.end(), Wire.Text.VALUE);
            if (valueEnd == Wire.INVALID) {
                break;
            }
            boolean complete = valueEnd >= 0;
            parameters.add(new StartupParameter(name, valueStart, complete ? valueEnd : visibleEnd, complete));
            if (!complete) {
                break;
            }
            at = valueEnd + 1;
        }
        return parameters;
    }

    String value(byte[] bytes) {
        return new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
    }
}
