package dev.udsotel.core.event;

import java.util.List;

/**
 * What a message carried besides its bytes: descriptors passed with SCM_RIGHTS and SCM_CREDENTIALS.
 *
 * @param passedFds how many descriptors the message passed
 * @param described what the first of them are (a source describes a bounded number; the rest are only counted)
 * @param credentials the SCM_CREDENTIALS the message carried, or null
 */
public record Ancillary(int passedFds, List<PassedDescriptor> described, Credentials credentials) {
    public static final Ancillary NONE = new Ancillary(0, List.of(), null);

    public Ancillary {
        described = List.copyOf(described);
        if (described.size() > passedFds) {
            throw new IllegalArgumentException(described.size() + " descriptors described of " + passedFds + " passed");
        }
    }

    public boolean any() {
        return passedFds > 0 || credentials != null;
    }
}
