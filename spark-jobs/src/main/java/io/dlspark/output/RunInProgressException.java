package io.dlspark.output;

import io.dlspark.core.DlsparkException;

/** Another process holds the run's lease: the run is in progress elsewhere (exit code {@code 75}). */
public class RunInProgressException extends DlsparkException {
    public RunInProgressException(String message) {
        super(message);
    }
}
