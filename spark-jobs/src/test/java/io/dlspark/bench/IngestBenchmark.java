package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.IngestResult;
import io.dlspark.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Ingest throughput: Fashion-MNIST's 70,000 IDX images to Parquet shards in {@code local[2]}, timed from planning to
 * commit (session start excluded). Prints every run; the first includes JIT and Spark warm-up.
 * Options: {@code --input FOLDER} (default /usr/share/datasets/fashion-mnist), {@code --runs N} (default 4).
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--input", "--runs");
        String input = a.string("--input", "/usr/share/datasets/fashion-mnist");
        int runs = a.integer("--runs", 4);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark ingest benchmark").set("spark.ui.enabled", "false"))).getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-ingest-bench");
        try {
            double best = 0;
            java.util.List<Double> warm = new java.util.ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                IngestJob.Request request = new IngestJob.Request(DatasetKind.FASHION_MNIST, input,
                    scratch.resolve("run-" + run).toUri().toString(), IngestOptions.defaults(), null, 0.0, false);
                IngestResult result = new IngestJob(spark).run(request);
                best = Math.max(best, result.recordsPerSecond());
                if (run > 1) {
                    warm.add(result.recordsPerSecond());
                }
                System.out.printf(Locale.ROOT, "ingest run %d: %d records in %.2f s = %.0f records/s%n",
                    run, result.records(), result.seconds(), result.recordsPerSecond());
            }
            warm.sort(null);
            double median = warm.isEmpty() ? Double.NaN : warm.get(warm.size() / 2);
            System.out.printf(Locale.ROOT, "ingest local[2]: best %.0f records/s, median of runs 2-%d %.0f records/s "
                + "(target >= 50000; run 1 includes JVM and Spark warm-up)%n", best, runs, median);
        } finally {
            spark.stop();
            try (var paths = Files.walk(scratch)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
