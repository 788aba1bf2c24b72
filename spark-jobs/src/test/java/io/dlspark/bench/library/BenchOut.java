package io.dlspark.bench.library;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the library benchmark's parts share: table rows, timing, the machine's load and ND4J's native thread knobs. */
final class BenchOut {
    private BenchOut() {
    }

    static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-74s %24s%n", label, value);
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    /**
     * The native thread knobs of the calling thread and the JVM (as TrainingBenchmark sets them): libnd4j's pools,
     * OpenMP (oneDNN) for this thread, and the BLAS library.
     */
    static void setThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
