package io.dlspark.core.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets every native thread knob of ND4J M2.1 in this JVM: libnd4j's own pool, OpenMP (used by oneDNN) and the BLAS
 * library. Applied once per value; a JVM running several worker tasks shares the setting.
 */
public final class NativeThreads {
    private static volatile int applied;

    private NativeThreads() {
    }

    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (applied == threads) {
            return;
        }
        synchronized (NativeThreads.class) {
            if (applied != threads) {
                Nd4j.getEnvironment().setMaxThreads(threads);
                Nd4j.getEnvironment().setMaxMasterThreads(threads);
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
                Nd4j.factory().blas().setMaxThreads(threads);
                applied = threads;
            }
        }
    }
}
