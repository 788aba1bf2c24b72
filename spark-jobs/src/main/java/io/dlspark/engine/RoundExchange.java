package io.dlspark.engine;

import io.dlspark.core.UsageException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the master moves states ({@code --exchange}): {@link #JOBS}, one Spark job per round; {@link #LIVE}, one barrier
 * job per epoch exchanging states with the driver over TCP ({@link LiveRounds}); {@link #ALLREDUCE}, the same barrier
 * job, but the workers average among themselves ({@link AllReduceWorker}).
 */
public enum RoundExchange {
    JOBS, LIVE, ALLREDUCE;

    /** The option value: {@code jobs}, {@code live} or {@code allreduce}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The exchange named {@code value}; otherwise a usage error naming {@code setting} (an option or a config key). */
    public static RoundExchange parse(String value, String setting) {
        return Arrays.stream(values()).filter(e -> e.option().equals(value)).findFirst()
            .orElseThrow(() -> new UsageException(setting + ": expected jobs, live or allreduce, got '" + value + "'"));
    }
}
