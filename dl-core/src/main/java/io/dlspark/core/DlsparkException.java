package io.dlspark.core;

/** Base of dlspark's typed failures; the CLI maps each kind to an exit code. */
public class DlsparkException extends RuntimeException {
    public DlsparkException(String message) {
        super(message);
    }

    public DlsparkException(String message, Throwable cause) {
        super(message, cause);
    }
}
