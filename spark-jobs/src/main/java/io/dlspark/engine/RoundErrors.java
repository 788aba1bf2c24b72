package io.dlspark.engine;

import io.dlspark.core.DataException;

/** The errors that end a run in a round, worded once for both exchanges. */
final class RoundErrors {
    private RoundErrors() {
    }

    static DataException timedOut(int epoch, int round, long timeoutSeconds) {
        return new DataException(String.format("round %d of epoch %d did not finish within --round-timeout %d s; "
            + "a worker is hung or far too slow", round + 1, epoch + 1, timeoutSeconds));
    }

    static DataException timedOutByDefault(int epoch, int round, long timeoutSeconds, RoundExchange exchange) {
        return new DataException(String.format("round %d of epoch %d did not finish within the %s exchange's default "
            + "round timeout of %d s; a worker is hung or far too slow (set --round-timeout to allow more)", round + 1,
            epoch + 1, exchange.option(), timeoutSeconds));
    }

    static DataException failed(int epoch, int round, Throwable cause) {
        return new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + " failed: " + cause.getMessage(),
            cause);
    }

    /** A round that failed because of what a worker reported ({@code reported}), Spark's own error attached. */
    static DataException failed(int epoch, int round, Throwable reported, Throwable spark) {
        DataException e = new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + " failed: "
            + reported.getMessage(), reported);
        e.addSuppressed(spark);
        return e;
    }

    static DataException interrupted(int round, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DataException("interrupted while waiting for round " + (round + 1), e);
    }
}
