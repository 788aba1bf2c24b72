package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.tune.TuneJob;
import io.dlspark.jobs.tune.TuneRequest;
import io.dlspark.jobs.tune.TuneResult;
import io.dlspark.spark.SparkSessions;
import io.dlspark.tuning.OptimizerSpec;
import io.dlspark.tuning.ledger.TrialRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A real tuning task: an MLP on Fashion-MNIST (learning rate, width, dropout, L2), 24 trials, 2 in parallel on
 * {@code local[2]}, ASHA over up to 9 epochs (rungs 1 and 3, keep a third), on a seeded training subset. Runs
 * Bayesian optimisation and random search with the same budget and seeds, and prints each one's best validation
 * accuracy, best-so-far curve, epochs trained against 24 x 9 without early stopping, and wall time.
 * Options: {@code --input} Fashion-MNIST IDX folder, {@code --subset} training records (default 6000), {@code --trials}
 * (default 24), {@code --shards} an existing shard folder to reuse instead of ingesting, {@code --optimizers}
 * comma-separated (default bayes,random).
 */
public final class TuneFashionBenchmark {
    private static final String CONFIG = """
        tuning {
          objective { metric = validation.accuracy, goal = maximize }
          space {
            lr      { type = real, target = training.learningRate, min = 1e-4, max = 1e-1, scale = log }
            width   { type = int,  target = model.hidden-layers.0, min = 32,   max = 512,  scale = log }
            dropout { type = real, target = training.dropout,      min = 0.0,  max = 0.6 }
            l2      { type = real, target = training.l2,           min = 1e-6, max = 1e-2, scale = log }
          }
          optimizer { seed = 42, initial-points = 8 }
          training { model = "%s", epochs = 9, batch-size = 64, seed = 42, max-train-records = %d }
          early-stopping { min-resource = 1, reduction-factor = 3, max-resource = 9 }
          trials = %d
          parallel-trials = 2
        }
        """;
    /** The tuned model: an MLP with one hidden layer, whose width the search sets. */
    private static final String MODEL = """
        kind = mlp
        description = "MLP with one hidden layer, ReLU"
        hidden-layers = [128]
        activation = relu
        weight-init = relu
        """;

    private TuneFashionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--input", "--subset", "--trials", "--shards", "--optimizers");
        String input = a.string("--input", "/usr/share/datasets/fashion-mnist");
        int subset = a.integer("--subset", 6000);
        int trials = a.integer("--trials", 24);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark tune benchmark").set("spark.ui.enabled", "false")
            .set("spark.scheduler.mode", "FAIR"))).getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-tune-bench");
        try {
            String shards;
            if (a.has("--shards")) {
                shards = a.string("--shards", null);
            } else {
                shards = scratch.resolve("shards").toUri().toString();
                long start = System.nanoTime();
                new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, input, shards,
                    new IngestOptions(0.1, 42, null, io.dlspark.core.data.ResizeMode.NONE, null), null, 0.0, false));
                System.out.printf(Locale.ROOT, "ingested %s in %.1f s%n", input, (System.nanoTime() - start) / 1e9);
            }
            Path config = scratch.resolve("tune.conf");
            Path model = scratch.resolve("mlp-one-hidden.conf");
            Files.writeString(model, MODEL);
            Files.writeString(config, CONFIG.formatted(model, subset, trials));
            List<OptimizerSpec.Kind> kinds = a.list("--optimizers", List.of("bayes", "random")).stream()
                .map(k -> OptimizerSpec.Kind.valueOf(k.trim().toUpperCase(Locale.ROOT))).toList();
            for (OptimizerSpec.Kind kind : kinds) {
                String out = scratch.resolve("search-" + kind).toUri().toString();
                long start = System.nanoTime();
                TuneResult result = new TuneJob(spark, new PrintWriter(Writer.nullWriter())).run(
                    new TuneRequest(config.toString(), shards, out, kind, null, null, false, false));
                double seconds = (System.nanoTime() - start) / 1e9;
                report(kind, result, seconds, trials);
                System.out.println(HadoopFiles.readString(new org.apache.hadoop.fs.Path(out, "report.md"),
                    spark.sparkContext().hadoopConfiguration()));
            }
        } finally {
            spark.stop();
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(OptimizerSpec.Kind kind, TuneResult result, double seconds, int trials) {
        List<TrialRecord> byId = result.trials().stream().sorted(Comparator.comparingInt(TrialRecord::trialId)).toList();
        StringBuilder curve = new StringBuilder();
        double best = Double.NEGATIVE_INFINITY;
        for (TrialRecord r : byId) {
            if (r.objective().isPresent() && r.epochs().size() == 9) {
                best = Math.max(best, r.objective().getAsDouble());
            }
            curve.append(String.format(Locale.ROOT, "%s%.4f", curve.length() == 0 ? "" : " ", best));
        }
        long epochs = byId.stream().mapToLong(r -> r.epochs().size()).sum();
        long failed = byId.stream().filter(r -> r.error().isPresent()).count();
        System.out.printf(Locale.ROOT, "%s: best validation accuracy %.4f (trial %d, %s); epochs trained %d of %d "
                + "without early stopping (ASHA saves %.1f%%); %d failed; %.0f s%n  best-so-far of full-budget trials: %s%n",
            kind.name().toLowerCase(Locale.ROOT), result.best().objective().getAsDouble(), result.best().trialId(),
            result.best().params(), epochs, (long) trials * 9, 100.0 * (1 - epochs / (double) (trials * 9L)), failed,
            seconds, curve);
    }
}
