package dev.udsotel.core.protocol.http2;

import java.util.List;

/**
 * The decoded fields of one header block.
 *
 * @param uncertain whether some field refers to a table entry that was lost (it has null parts) or the block broke
 * @param cut whether the block was not decoded to its end (not captured whole, or malformed): fields may be missing
 */
public record HeaderBlock(List<HeaderField> fields, boolean uncertain, boolean cut) {
    public static final HeaderBlock MISSING = new HeaderBlock(List.of(), true, true);

    /** The value of the first field named {@code name}, or null when there is none or it is unknown. */
    public String value(String name) {
        for (HeaderField field : fields) {
            if (name.equals(field.name())) {
                return field.value();
            }
        }
        return null;
    }

    /**
     * Whether {@code name} is certainly absent: no field has it, no field has an unknown name, and the block was
     * decoded whole. Otherwise the field may have been there.
     */
    public boolean certainlyLacks(String name) {
        if (cut) {
            return false;
        }
        for (HeaderField field : fields) {
            if (field.name() == null || name.equals(field.name())) {
                return false;
            }
        }
        return true;
    }
}
