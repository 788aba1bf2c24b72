package io.dlspark.gpu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CUDA devices held by running tasks in this executor JVM. A second task claiming a device that a running task
 * holds is an error: two tasks must never share a GPU by accident (for example with
 * {@code spark.task.resource.gpu.amount} below 1, or a discovery script that lists a device twice).
 */
public final class DeviceClaims {
    private final Map<Integer, Long> holders = new ConcurrentHashMap<>();

    /** A held device; closing it frees the device. */
    public interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /** Claims {@code device} for the task attempt {@code taskAttemptId}, or throws naming the task that holds it. */
    public Claim claim(int device, long taskAttemptId) {
        Long previous = holders.putIfAbsent(device, taskAttemptId);
        if (previous != null && previous != taskAttemptId) {
            throw new IllegalStateException("GPU " + device + " is already used by task attempt " + previous
                + " in this executor; task attempt " + taskAttemptId + " would share it. Use whole GPUs per task "
                + "(spark.task.resource.gpu.amount=1) and check the discovery script's addresses");
        }
        return () -> holders.remove(device, taskAttemptId);
    }

    /** The task attempt holding {@code device}, or null. */
    public Long holder(int device) {
        return holders.get(device);
    }
}
