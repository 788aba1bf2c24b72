package io.dlspark.train;

import org.nd4j.linalg.factory.Nd4j;

/** Limits ND4J's native (OpenMP and BLAS) threads in this JVM, once per value. */
final class NativeThreads {
    private static volatile int applied;

    private NativeThreads() {
    }

    static void limit(int threads) {
        if (applied != threads) {
            synchronized (NativeThreads.class) {
                if (applied != threads) {
                    Nd4j.getEnvironment().setMaxThreads(threads);
                    Nd4j.getEnvironment().setMaxMasterThreads(threads);
                    applied = threads;
                }
            }
        }
    }
}
