package io.dlspark.core.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets every native thread knob of ND4J M2.1: libnd4j's own pool, the BLAS library (both per JVM) and OpenMP, whose
 * thread count is a per-thread setting and so is applied in each calling thread (each Spark task thread).
 */
public final class NativeThreads {
    private static final ThreadLocal<Integer> APPLIED_IN_THREAD = new ThreadLocal<>();
    private static volatile int appliedInJvm;

    private NativeThreads() {
    }

    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (appliedInJvm != threads) {
            synchronized (NativeThreads.class) {
                if (appliedInJvm != threads) {
                    Nd4j.getEnvironment().setMaxThreads(threads);
                    Nd4j.getEnvironment().setMaxMasterThreads(threads);
                    Nd4j.factory().blas().setMaxThreads(threads);
                    appliedInJvm = threads;
                }
            }
        }
        Integer inThread = APPLIED_IN_THREAD.get();
        if (inThread == null || inThread != threads) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
            APPLIED_IN_THREAD.set(threads);
        }
    }
}
