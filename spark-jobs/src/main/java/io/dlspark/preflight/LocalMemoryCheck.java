package io.dlspark.preflight;

import io.dlspark.core.nn.ModelMemory;

import java.util.Locale;
import java.util.Optional;

/**
 * In local mode the driver's JVM runs every worker task: ND4J's off-heap needs of the tasks that run at once, plus
 * the driver's copy of the network, must fit under its limit ({@code org.bytedeco.javacpp.maxbytes}).
 */
final class LocalMemoryCheck {
    private LocalMemoryCheck() {
    }

    /**
     * @param perTask one task's need
     * @param tasks   worker tasks that run at once (each holds its network and one minibatch's activations)
     * @param limit   the JVM's native memory limit in bytes
     */
    static Optional<String> check(MemoryNeed perTask, int tasks, long limit, String model, int batch) {
        long needed = Math.addExact(Math.multiplyExact(tasks, perTask.totalBytes()), perTask.fixedBytes());
        if (needed <= limit) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "training %s with batch %d in local mode needs about %s of ND4J "
                + "off-heap memory (%d task(s) x (parameters, gradients and updater state %s + activations and minibatch %s) "
                + "+ the driver's copy %s), more than the limit %s=%s: lower --batch-size or --workers, or raise "
                + "-D%s (DLSPARK_JAVA_OPTS; docs/operations.md, sizing executors)",
            model, batch, ModelMemory.bytes(needed), tasks, ModelMemory.bytes(perTask.fixedBytes()),
            ModelMemory.bytes(perTask.perBatchBytes()), ModelMemory.bytes(perTask.fixedBytes()),
            ModelMemory.LIMIT_PROPERTY, ModelMemory.bytes(limit), ModelMemory.LIMIT_PROPERTY));
    }
}
