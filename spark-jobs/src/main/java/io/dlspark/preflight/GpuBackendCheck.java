package io.dlspark.preflight;

import org.apache.spark.SparkConf;

import java.util.Locale;
import java.util.Optional;

/** GPUs requested from Spark need the CUDA backend of ND4J in the job jar, and whole GPUs per task. */
final class GpuBackendCheck {
    private GpuBackendCheck() {
    }

    /** @param backend the class name of ND4J's loaded backend ({@code Nd4j.getBackend()}) */
    static Optional<String> check(SparkConf conf, String backend) {
        double perTask = conf.getDouble("spark.task.resource.gpu.amount", 0.0);
        double perExecutor = conf.getDouble("spark.executor.resource.gpu.amount", 0.0);
        if (perTask <= 0 && perExecutor <= 0) {
            return Optional.empty();
        }
        if (!backend.toLowerCase(Locale.ROOT).contains("cuda") && !backend.toLowerCase(Locale.ROOT).contains("jcublas")) {
            return Optional.of("GPUs are requested (spark.executor.resource.gpu.amount=" + fmt(perExecutor)
                + ", spark.task.resource.gpu.amount=" + fmt(perTask) + ") but this build's ND4J backend is " + backend
                + ", which runs on the CPU: build with mvn -Pcuda (docs/operations.md, GPU executors), or drop the GPU settings");
        }
        if (perTask > 0 && perTask < 1) {
            return Optional.of("spark.task.resource.gpu.amount=" + fmt(perTask) + " lets several tasks share one GPU; "
                + "dlspark worker tasks need a whole GPU each: set it to 1");
        }
        if (perExecutor > 0 && perTask <= 0) {
            return Optional.of("spark.executor.resource.gpu.amount=" + fmt(perExecutor) + " without "
                + "spark.task.resource.gpu.amount: Spark would not assign GPUs to tasks; set spark.task.resource.gpu.amount=1");
        }
        return Optional.empty();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
