package io.dlspark.jobs.tune;

/** A trial ended with an error on its executor; the message is the executor's description of it. */
final class TrialError extends RuntimeException {
    TrialError(String message) {
        super(message);
    }
}
