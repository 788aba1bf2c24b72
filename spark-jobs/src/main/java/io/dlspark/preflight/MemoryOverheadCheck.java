package io.dlspark.preflight;

import org.apache.spark.SparkConf;

import java.util.Locale;
import java.util.Optional;

/**
 * On cluster managers that enforce {@code spark.executor.memory + spark.executor.memoryOverhead} (YARN, Kubernetes)
 * ND4J's off-heap arrays live in the overhead. The overhead must hold the JVM's own native memory (Spark's default
 * overhead: max(384 MiB, 10% of the heap)) plus ND4J's needs for every task an executor runs at once; otherwise the
 * container is killed without a Java error.
 */
final class MemoryOverheadCheck {
    private static final long MIB = 1L << 20;
    private static final long MIN_JVM_NATIVE_MIB = 384;

    private MemoryOverheadCheck() {
    }

    static Optional<String> check(SparkConf conf, MemoryNeed perTask, String model, int batch) {
        long heapMib = conf.getSizeAsMb("spark.executor.memory", "1g");
        long jvmNative = Math.max(MIN_JVM_NATIVE_MIB, (long) (heapMib * conf.getDouble("spark.executor.memoryOverheadFactor", 0.1)));
        long overhead = conf.contains("spark.executor.memoryOverhead") ? conf.getSizeAsMb("spark.executor.memoryOverhead", "0") : jvmNative;
        int tasks = Math.max(1, conf.getInt("spark.executor.cores", 1) / Math.max(1, conf.getInt("spark.task.cpus", 1)));
        long ndMib = ceilMib(perTask.totalBytes());
        long needed = jvmNative + tasks * ndMib;
        if (overhead >= needed) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "spark.executor.memoryOverhead is %d MiB, but training %s with "
                + "batch %d needs about %d MiB of ND4J off-heap memory per task (parameters, gradients and updater state "
                + "%d MiB; activations and minibatch %d MiB) x %d task(s) per executor + %d MiB for the JVM's own native "
                + "memory = %d MiB: raise spark.executor.memoryOverhead to at least %dm, or lower the batch size or "
                + "spark.executor.cores (docs/operations.md, sizing executors)",
            overhead, model, batch, ndMib, ceilMib(perTask.fixedBytes()), ceilMib(perTask.perBatchBytes()), tasks, jvmNative,
            needed, needed));
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
