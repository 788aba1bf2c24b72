package io.dlspark.bench;

import io.dlspark.augment.AugmentConfigs;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.AugmentedBatch;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.TrainingData;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.EpochMetrics;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Fashion-MNIST test accuracy of a shipped CNN trained by {@code dlspark train} with and without online augmentation
 * ({@code --augment}), at the same epochs, seed and settings, plus training samples/s both ways. The two runs
 * alternate epoch by epoch (each continues from its own checkpoint with {@code --resume}, which gives the same
 * parameters as an uninterrupted run), so both see similar load on a shared machine. Also measures the single-thread
 * cost of augmenting the training split (the work each epoch adds, spread over the workers).
 *
 * <pre>benchmarks/run.sh augment-accuracy [--epochs 5] [--data SHARDS | --input FASHION_MNIST_DIR]
 *     [--config conf/augment/fashion-mnist.conf] [--model lenet] [--workers 2] [--seed 42]</pre>
 */
public final class AugmentAccuracyBenchmark {
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;

    private AugmentAccuracyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark augment-accuracy benchmark").set("spark.ui.enabled", "false")))
            .getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-augment-bench");
        try {
            run(spark, o, scratch);
        } finally {
            spark.stop();
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(SparkSession spark, Options o, Path scratch) throws Exception {
        String data = o.data;
        if (data == null) {
            data = scratch.resolve("shards").toUri().toString();
            new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, o.input, data,
                IngestOptions.defaults(), null, 0.0, false));
        }
        ShardManifest manifest = ManifestIo.read(new org.apache.hadoop.fs.Path(data), spark.sparkContext().hadoopConfiguration());
        ImagePipeline pipeline = ImagePipeline.create(AugmentConfigs.load(Path.of(o.config)), manifest.shape());
        System.out.printf(Locale.ROOT, "# data: %s, %d train / %d validation / %d test records; model %s, %d workers, "
                + "batch %d, Adam %.0e, seed %d, %d epoch(s); %d cores; load: %s%n# augmentation: %s%n",
            manifest.dataset(), manifest.count(Split.TRAIN), manifest.count(Split.VALIDATION), manifest.count(Split.TEST),
            o.model, o.workers, BATCH, LEARNING_RATE, o.seed, o.epochs, Runtime.getRuntime().availableProcessors(),
            load(), pipeline.config().describe());

        double augmentRate = augmentationRate(spark, data, pipeline, o.seed, manifest.shape().size());
        System.out.printf(Locale.ROOT, "# augmenting the training split on one thread: %.0f records/s%n", augmentRate);

        PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
        List<double[]> table = new ArrayList<>();
        double[] seconds = new double[2];
        long[] samples = new long[2];
        for (int epoch = 1; epoch <= o.epochs; epoch++) {
            double[] row = new double[5];
            row[0] = epoch;
            for (int side = 0; side < 2; side++) {
                String output = scratch.resolve(side == 0 ? "plain" : "augmented").toUri().toString();
                TrainingConfig request = TrainingConfig.builder().data(data).model(o.model).epochs(epoch).output(output).workers(o.workers).batchSize(BATCH).averagingFrequency(5).treeDepth(2).seed(o.seed).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(LEARNING_RATE)).resume(epoch > 1).overwrite(false).checkpointEveryRounds(0).augment(side == 0 ? null : o.config).build();
                List<EpochMetrics> epochs = new TrainJob(spark, quiet).run(request).epochs();
                EpochMetrics last = epochs.get(epochs.size() - 1);
                EvaluationReport test = new EvaluateJob(spark).run(output, data, Split.TEST, null, o.workers).report();
                row[1 + side] = test.accuracy();
                row[3 + side] = last.samplesPerSecond();
                seconds[side] += last.samples() / last.samplesPerSecond();
                samples[side] += last.samples();
            }
            table.add(row);
            System.out.printf(Locale.ROOT, "epoch %d: test accuracy plain %.4f, augmented %.4f; training %.0f / %.0f samples/s%n",
                epoch, row[1], row[2], row[3], row[4]);
        }
        double plainRate = samples[0] / seconds[0];
        double augmentedRate = samples[1] / seconds[1];
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
            "%n=== augment-accuracy: %s, %s, %d workers, %d epochs, same seed and settings ===%n", manifest.dataset(),
            o.model, o.workers, o.epochs));
        t.append(String.format(Locale.ROOT, "%-6s %16s %16s %12s %18s %18s%n", "epoch", "test acc plain",
            "test acc augment", "diff (pp)", "plain samples/s", "augment samples/s"));
        for (double[] r : table) {
            t.append(String.format(Locale.ROOT, "%-6d %16.4f %16.4f %+12.2f %18.0f %18.0f%n", (int) r[0], r[1], r[2],
                100 * (r[2] - r[1]), r[3], r[4]));
        }
        t.append(String.format(Locale.ROOT, "training samples/s over all epochs: plain %.0f, augmented %.0f "
            + "(augmented / plain %.3f)%n", plainRate, augmentedRate, augmentedRate / plainRate));
        t.append(String.format(Locale.ROOT, "augmentation alone: %.0f records/s on one thread, i.e. %.1f %% of a worker's "
            + "time at the plain per-worker rate of %.0f samples/s%n", augmentRate,
            100 * (plainRate / o.workers) / augmentRate, plainRate / o.workers));
        t.append("load after: ").append(load()).append('\n');
        System.out.print(t);
    }

    /** Records/s of {@link AugmentedBatch} over the whole training split on this thread (second of two passes). */
    private static double augmentationRate(SparkSession spark, String data, ImagePipeline pipeline, long seed,
                                           int recordSize) {
        TrainingData loaded = TrainingData.load(spark.read().parquet(new org.apache.hadoop.fs.Path(
            new org.apache.hadoop.fs.Path(data), Split.TRAIN.dirName()).toString()), 1, seed, recordSize);
        PartitionData train;
        try {
            train = loaded.partitions().collect().get(0);
        } finally {
            loaded.release();
        }
        int[] order = AugmentedBatch.identity(train.size());
        double rate = 0;
        for (int pass = 0; pass < 2; pass++) {
            long start = System.nanoTime();
            for (int from = 0; from < train.size(); from += BATCH) {
                AugmentedBatch.of(train, order, from, Math.min(from + BATCH, train.size()), pipeline, pass);
            }
            rate = train.size() / ((System.nanoTime() - start) / 1e9);
        }
        return rate;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static final class Options {
        int epochs = 5;
        String data;
        String input = "data/fashion-mnist";
        String config = "conf/augment/fashion-mnist.conf";
        String model = "lenet";
        int workers = 2;
        long seed = 42;

        static Options parse(String[] args) {
            BenchArgs a = BenchArgs.parse(args, "--epochs", "--data", "--input", "--config", "--model", "--workers",
                "--seed");
            Options o = new Options();
            o.epochs = a.integer("--epochs", o.epochs);
            o.data = a.string("--data", o.data);
            o.input = a.string("--input", o.input);
            o.config = a.string("--config", o.config);
            o.model = a.string("--model", o.model);
            o.workers = a.integer("--workers", o.workers);
            o.seed = a.longInteger("--seed", o.seed);
            return o;
        }
    }
}
