package io.dlspark.bench;

import io.dlspark.bench.library.FashionPart;
import io.dlspark.bench.library.LibraryOptions;
import io.dlspark.bench.library.RegressionPart;
import io.dlspark.bench.library.SpamPart;
import io.dlspark.bench.library.TransformPart;
import io.dlspark.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;

/**
 * The library benchmark of issue 18 (dlspark as Spark ML estimators and models), in one {@code local[2]} JVM; each
 * part is its own class under {@code bench.library}:
 * <ul>
 *   <li>fashion: Fashion-MNIST DataFrame through a Pipeline with DlsparkClassifier (lenet) against {@code dlspark
 *   train} on ingested shards, same settings: test accuracy difference and fit time ratio ({@link FashionPart});</li>
 *   <li>spam: SpamAssassin through Spark ML text stages and DlsparkClassifier (mlp): spam F1, precision, recall;
 *   CrossValidator over 2 learning rates x 2 widths ({@link SpamPart});</li>
 *   <li>regression: Boston house prices, DlsparkRegressor against LinearRegression and GBTRegressor
 *   ({@link RegressionPart});</li>
 *   <li>transform: rows/s of the model's transform with 2 slots against single-machine DL4J output()
 *   ({@link TransformPart}).</li>
 * </ul>
 * <pre>benchmarks/run.sh library [--quick] [--parts fashion,spam,regression,transform] [--fashion DIR]
 *     [--spamassassin DIR] [--boston CSV] [--workers 2] [--seed 42] [--batch-size 64] [--lr 1e-3]
 *     [--fashion-images N] [--epochs 3] [--repeats 2] [--warmup-rows 2048] [--spam-messages N] [--spam-text headers|body]
 *     [--spam-epochs 3]
 *     [--hash-features 16384] [--folds 3] [--cv-lrs 3e-4,1e-3] [--cv-widths 128,256] [--boston-epochs 60]
 *     [--transform-rows 30000] [--transform-passes 3] [--transform-partitions 4]</pre>
 * {@code --quick} is a smoke-test size (2000 Fashion training images, 1 epoch, 300 messages, ...).
 */
public final class LibraryBenchmark {
    private LibraryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LibraryOptions o = LibraryOptions.parse(args);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark library benchmark").set("spark.ui.enabled", "false"))).getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-library-bench");
        try {
            System.out.printf(Locale.ROOT, "# library benchmark: %s%n# machine: %d cores, Java %s, max heap %d MiB, "
                    + "Spark %s; load average %s%n", o, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                org.apache.spark.package$.MODULE$.SPARK_VERSION(), Files.readString(Path.of("/proc/loadavg")).trim());
            Path fashion = Path.of(o.fashion());
            if (o.fashionImages() > 0 && (o.parts().contains("fashion") || o.parts().contains("transform"))) {
                fashion = IdxSubset.write(fashion, scratch.resolve("fashion-subset"), o.fashionImages());
            }
            for (String part : o.parts()) {
                long t = System.nanoTime();
                switch (part) {
                    case "fashion" -> FashionPart.run(spark, o, fashion, scratch);
                    case "spam" -> SpamPart.run(spark, o, scratch);
                    case "regression" -> RegressionPart.run(spark, o);
                    case "transform" -> TransformPart.run(spark, o, fashion);
                    default -> throw new IllegalStateException(part);
                }
                System.out.printf(Locale.ROOT, "# part %s took %.1f s; load average %s%n", part,
                    (System.nanoTime() - t) / 1e9, Files.readString(Path.of("/proc/loadavg")).trim());
            }
        } finally {
            spark.stop();
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
