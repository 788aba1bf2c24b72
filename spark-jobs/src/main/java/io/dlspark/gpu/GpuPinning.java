package io.dlspark.gpu;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntConsumer;

/**
 * Pins a worker task's thread to the GPU that Spark assigned to the task, before ND4J allocates anything on it. With
 * the CUDA backend the binder is ND4J's {@code AffinityManager.unsafeSetDevice}; on the CPU backend that call does
 * nothing, and no GPU is requested anyway.
 */
public final class GpuPinning {
    /** Spark's name of the GPU resource. */
    public static final String GPU = "gpu";
    private static final DeviceClaims CLAIMS = new DeviceClaims();
    private static final DeviceClaims.Claim NONE = () -> { };

    private GpuPinning() {
    }

    /** Whether the application asks for GPUs per task. */
    public static boolean requested(SparkConf conf) {
        return conf.getDouble("spark.task.resource." + GPU + ".amount", 0.0) > 0;
    }

    /**
     * Pins the current task thread to its assigned GPU and claims it for the task; the claim must be closed when the
     * task's work is done. Returns a no-op claim when no GPUs were requested.
     */
    public static DeviceClaims.Claim pinCurrentTask(boolean gpusRequested) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            throw new IllegalStateException("GPU pinning outside a Spark task");
        }
        ResourceInformation gpu = task.resources().get(GPU).getOrElse(() -> null);
        List<String> addresses = gpu == null ? List.of() : List.of(gpu.addresses());
        return pin(addresses, gpusRequested, System.getenv("CUDA_VISIBLE_DEVICES"), task.taskAttemptId(), CLAIMS,
            device -> Nd4j.getAffinityManager().unsafeSetDevice(device));
    }

    /** The pinning steps, with the claims registry and the device binder given (tests use their own). */
    static DeviceClaims.Claim pin(List<String> addresses, boolean gpusRequested, String cudaVisibleDevices,
                                  long taskAttemptId, DeviceClaims claims, IntConsumer binder) {
        OptionalInt device = GpuAssignment.cudaDevice(addresses, gpusRequested, cudaVisibleDevices);
        if (device.isEmpty()) {
            return NONE;
        }
        DeviceClaims.Claim claim = claims.claim(device.getAsInt(), taskAttemptId);
        try {
            binder.accept(device.getAsInt());
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        return claim;
    }

    /** The device a pinned task's networks belong to (-1 without GPUs), for keeping per-device network pools. */
    public static int deviceOf(boolean gpusRequested) {
        return gpusRequested ? Nd4j.getAffinityManager().getDeviceForCurrentThread() : -1;
    }
}
