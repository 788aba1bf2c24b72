package io.dlspark.core.data;

/** One record that cannot be used, with the file or record it came from and the reason. */
public class BadRecordException extends Exception {
    private final String source;
    private final String reason;

    public BadRecordException(String source, String reason) {
        super(source + ": " + reason);
        this.source = source;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public String reason() {
        return reason;
    }
}
