package dev.udsotel.sidecar.cli;

/** Opens the eBPF capture with the options' kernel-side settings. */
final class CaptureSource {
    /** Bytes of each message copied by the kernel side. */
    static final int PAYLOAD_BYTES = 256;

    private CaptureSource() {}

    static EventSource open(Options options) throws EnvironmentException {
        throw new EnvironmentException("this build has no eBPF capture yet");
    }
}
