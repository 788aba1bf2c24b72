package io.dlspark.bench;

import io.dlspark.core.UsageException;
import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.LearningRateSchedule;
import io.dlspark.train.EpochMetrics;
import io.dlspark.train.MetricsLog;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The Fashion-MNIST recipe benchmark of issue 22: for each seed, {@code dlspark train} on {@code local[2]} with 2
 * workers and the recipe's options, then {@code dlspark evaluate} on the test split without and with {@code --tta
 * flip}; prints test accuracy and wall time (train plus evaluate) per seed and their medians. Ingest runs once,
 * untimed. The defaults are the recipe's options (docs/recipes.md; the pipeline stages take no online augmentation
 * or flip TTA yet, so the recipe ships as a documented command, not a pipeline config); {@code --extra} appends
 * further {@code dlspark train} options (one lever per run for the levers' table, docs/recipes.md).
 *
 * <pre>benchmarks/run.sh recipe [--input /usr/share/datasets/fashion-mnist] [--train-records N (0: all)]
 *     [--seeds 1,2,3] [--model conf/models/resnet8w-fashion.conf] [--epochs E (default: the model's cosine period)]
 *     [--batch-size 128]
 *     [--averaging-frequency 8] [--augment conf/augment/fashion-mnist-flip.conf | none] [--lr-scaling linear]
 *     [--exchange live] [--workers 2] [--val-fraction 0] [--extra "--optimizer adamw --learning-rate 0.002"]
 *     [--keep DIR (copy each seed's model artifact to DIR/model-SEED before the scratch folder goes)]</pre>
 */
public final class RecipeBenchmark {
    private RecipeBenchmark() {
    }

    /** One seed's outcome; {@code samplesPerSecond} is the median of the epochs' training throughput. */
    private record Run(long seed, double accuracy, double flipAccuracy, double trainSeconds, double evaluateSeconds,
                       double flipEvaluateSeconds, double samplesPerSecond) {
        double wallSeconds() {
            return trainSeconds + evaluateSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--input", "--train-records", "--seeds", "--model", "--epochs", "--batch-size",
            "--averaging-frequency", "--augment", "--lr-scaling", "--exchange", "--workers", "--extra", "--val-fraction",
            "--keep");
        String input = a.string("--input", "/usr/share/datasets/fashion-mnist");
        int trainRecords = a.integer("--train-records", 0);
        long[] seeds = a.longIntegers("--seeds", new long[] {1, 2, 3});
        String workers = Integer.toString(a.integer("--workers", 2));
        String model = a.string("--model", "conf/models/resnet8w-fashion.conf");
        List<String> recipe = new ArrayList<>(List.of(
            "--model", model,
            "--epochs", Integer.toString(a.has("--epochs") ? a.integer("--epochs", 0) : scheduledEpochs(model)),
            "--batch-size", Integer.toString(a.integer("--batch-size", 128)),
            "--averaging-frequency", Integer.toString(a.integer("--averaging-frequency", 8)),
            "--lr-scaling", a.string("--lr-scaling", "linear"),
            "--exchange", a.string("--exchange", "live"),
            "--workers", workers, "--threads-per-worker", "1", "--checkpoint-every-rounds", "0"));
        String augment = a.string("--augment", "conf/augment/fashion-mnist-flip.conf");
        if (!augment.equals("none")) {
            recipe.addAll(List.of("--augment", augment));
        }
        String extra = a.string("--extra", "").trim();
        if (!extra.isEmpty()) {
            recipe.addAll(Arrays.asList(extra.split("\\s+")));
        }
        Path keep = a.has("--keep") ? Path.of(a.string("--keep", null)) : null;
        if (keep != null) {
            checkKeepable(keep, seeds);
        }
        Path scratch = Files.createTempDirectory("dlspark-recipe-bench");
        try {
            run(Path.of(input), trainRecords, a.string("--val-fraction", "0"), seeds, workers, recipe, scratch);
            if (keep != null) {
                keep(scratch, seeds, keep);
            }
        } finally {
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Fails, before any run, when {@code keep} already holds a seed's {@code model-SEED}. */
    static void checkKeepable(Path keep, long[] seeds) {
        for (long seed : seeds) {
            Path target = keep.resolve("model-" + seed);
            if (Files.exists(target)) {
                throw new UsageException("--keep: " + target + " exists; give a folder without it");
            }
        }
    }

    /** Moves each seed's model artifact from the scratch folder to {@code keep/model-SEED}. */
    private static void keep(Path scratch, long[] seeds, Path keep) throws java.io.IOException {
        Files.createDirectories(keep);
        for (long seed : seeds) {
            Files.move(scratch.resolve("model-" + seed), keep.resolve("model-" + seed));
        }
        System.out.printf(Locale.ROOT, "# kept the model artifacts in %s%n", keep);
    }

    /** The model's cosine period in epochs: the run's length when {@code --epochs} is absent. */
    static int scheduledEpochs(String model) {
        LearningRateSchedule schedule = ModelCatalog.resolve(model).optimizer().schedule();
        if (!schedule.type().equals("cosine") || !schedule.unit().equals("epoch")) {
            throw new UsageException("--epochs: " + model + " has no cosine schedule in epochs, so give --epochs");
        }
        return (int) Math.ceil(schedule.period());
    }

    private static void run(Path input, int trainRecords, String valFraction, long[] seeds, String workers,
                            List<String> recipe, Path scratch) throws Exception {
        Path source = trainRecords > 0 ? IdxSubset.write(input, scratch.resolve("subset"), trainRecords) : input;
        String shards = scratch.resolve("shards").toUri().toString();
        cli("ingest", "--dataset", "fashion-mnist", "--input", source.toString(), "--output", shards, "--seed", "42",
            "--val-fraction", valFraction);
        System.out.printf(Locale.ROOT, "# recipe: dlspark train %s%n# %s training records, %d cores, load: %s%n",
            String.join(" ", recipe), trainRecords > 0 ? Integer.toString(trainRecords) : "all",
            Runtime.getRuntime().availableProcessors(), load());
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            String model = scratch.resolve("model-" + seed).toUri().toString();
            List<String> train = new ArrayList<>(List.of("train", "--data", shards, "--output", model,
                "--seed", Long.toString(seed)));
            train.addAll(recipe);
            double trainSeconds = cli(train.toArray(String[]::new));
            double evaluateSeconds = cli("evaluate", "--model", model, "--data", shards, "--split", "test",
                "--workers", workers);
            double flipSeconds = cli("evaluate", "--model", model, "--data", shards, "--split", "test",
                "--workers", workers, "--tta", "flip");
            Run result = new Run(seed, accuracy(model, "metrics-test.json"), accuracy(model, "metrics-test-tta-flip.json"),
                trainSeconds, evaluateSeconds, flipSeconds, epochSamplesPerSecond(model));
            runs.add(result);
            System.out.printf(Locale.ROOT, "seed %d: test accuracy %.4f, with flip TTA %.4f; train %.1f s + evaluate %.1f s"
                    + " = %.1f s (TTA evaluate %.1f s); median epoch %.0f samples/s%n", seed, result.accuracy(),
                result.flipAccuracy(), result.trainSeconds(), result.evaluateSeconds(), result.wallSeconds(),
                result.flipEvaluateSeconds(), result.samplesPerSecond());
        }
        System.out.printf(Locale.ROOT, "%n=== recipe: median of %d seed(s) ===%ntest accuracy %.4f, with flip TTA %.4f; "
                + "wall time (train + evaluate) %.1f s, with TTA evaluate instead %.1f s; training %.0f samples/s "
                + "(this machine's speed); load after: %s%n",
            runs.size(), median(runs, Run::accuracy), median(runs, Run::flipAccuracy), median(runs, Run::wallSeconds),
            median(runs, r -> r.trainSeconds() + r.flipEvaluateSeconds()), median(runs, Run::samplesPerSecond), load());
    }

    /** Runs one dlspark command on local[2] and returns its wall time in seconds; a failure ends the benchmark. */
    private static double cli(String... args) {
        return BenchCli.run(args);
    }

    private static double accuracy(String model, String metrics) throws Exception {
        Path file = Path.of(java.net.URI.create(model)).resolve(metrics);
        return Json.read(Files.readString(file), EvaluationReport.class, file.toString()).accuracy();
    }

    /** The median over the artifact's epochs of their training samples/s: how fast this machine trains the recipe. */
    private static double epochSamplesPerSecond(String model) throws Exception {
        double[] rates = MetricsLog.read(new org.apache.hadoop.fs.Path(model), new Configuration()).stream()
            .mapToDouble(EpochMetrics::samplesPerSecond).sorted().toArray();
        return rates.length == 0 ? Double.NaN : rates[rates.length / 2];
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String load() {
        return BenchCli.load();
    }
}
