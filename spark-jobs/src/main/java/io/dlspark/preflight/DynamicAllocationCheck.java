package io.dlspark.preflight;

import org.apache.spark.SparkConf;

import java.util.Optional;

/** Training needs a fixed set of task slots for a whole run: executors that come and go would lose worker state. */
final class DynamicAllocationCheck {
    private DynamicAllocationCheck() {
    }

    static Optional<String> check(SparkConf conf) {
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            return Optional.of("spark.dynamicAllocation.enabled is true, but parameter-averaging training needs a fixed set "
                + "of executors for the whole run: set spark.dynamicAllocation.enabled=false and a fixed "
                + "spark.executor.instances (conf/spark-defaults.conf has it off)");
        }
        return Optional.empty();
    }
}
