package io.dlspark.engine;

import io.dlspark.core.UsageException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the parameter-averaging master moves states between the driver and its workers ({@code --exchange}).
 * {@link #JOBS}: one Spark job per round (broadcast the state, fit, {@code treeReduce} the results); works wherever
 * Spark does. {@link #LIVE}: one barrier job per epoch whose tasks stay alive and exchange states with the driver
 * over TCP after every round ({@link LiveRounds}); it needs every worker running at once and executors that can
 * connect to the driver on one more port.
 */
public enum RoundExchange {
    JOBS, LIVE;

    /** The option value: {@code jobs} or {@code live}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The exchange named {@code value}; otherwise a usage error naming {@code setting} (an option or a config key). */
    public static RoundExchange parse(String value, String setting) {
        return Arrays.stream(values()).filter(e -> e.option().equals(value)).findFirst()
            .orElseThrow(() -> new UsageException(setting + ": expected jobs or live, got '" + value + "'"));
    }
}
