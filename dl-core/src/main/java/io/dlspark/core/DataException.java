package io.dlspark.core;

/** Input data that cannot be used: a corrupt file, too many bad records, a broken shard (exit code 1). */
public class DataException extends DlsparkException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
