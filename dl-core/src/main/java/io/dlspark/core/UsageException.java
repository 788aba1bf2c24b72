package io.dlspark.core;

/** A bad option, configuration key, path or shape given by the user (exit code 2). */
public class UsageException extends DlsparkException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
