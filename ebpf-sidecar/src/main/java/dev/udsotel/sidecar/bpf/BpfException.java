package dev.udsotel.sidecar.bpf;

/** A libbpf or kernel refusal, with libbpf's own explanation when it gave one. */
public class BpfException extends RuntimeException {
    private final int errno;

    public BpfException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public BpfException(String message) {
        this(message, 0);
    }

    /** The positive errno behind the failure, 0 when none applies. */
    public int errno() {
        return errno;
    }
}
