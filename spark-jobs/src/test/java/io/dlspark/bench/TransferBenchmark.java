package io.dlspark.bench;

import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.ClassSubset;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.Split;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.TransferSettings;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import io.dlspark.train.TransferJob;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transfer-learning benchmark of issue 9, on Fashion-MNIST in {@code local[2]}, every step through the dlspark
 * jobs: pretrain a network ({@code --model}) on classes 0-4 (all their training data), then for each size N
 * (labelled images per class) and seed, take N training images of each of classes 5-9 ({@code ingest --classes
 * 5,6,7,8,9 --per-class-limit N --seed S}), fine-tune the pretrained network on them ({@code dlspark transfer
 * --replace-head}) and train the same network from scratch on the same set with the same epochs, seed, optimizer
 * and batch size. Both are evaluated on the full test split of classes 5-9 (5,000 images); the median over seeds is
 * reported per size. {@code --base DIR} keeps the pretrained base in DIR, and reuses it when DIR already holds one.
 *
 * <pre>benchmarks/run.sh transfer [--input FASHION_MNIST_DIR] [--model vgg11-small] [--base DIR]
 *     [--pretrain-epochs 3] [--epochs 20] [--sizes 10,50,200] [--seeds 1,2,3] [--freeze-through 3]
 *     [--learning-rate 1e-3] [--fine-tune-lr LR]</pre>
 */
public final class TransferBenchmark {
    private static final int WORKERS = 2;
    private static final int PRETRAIN_BATCH = 64;
    private static final long PRETRAIN_SEED = 42;
    private static final int SMALL_BATCH = 16;

    private TransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TransferBenchmarkOptions o = TransferBenchmarkOptions.parse(args);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark transfer benchmark").set("spark.ui.enabled", "false"))).getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-transfer-bench");
        PrintWriter quiet = new PrintWriter(new StringWriter());
        long began = System.nanoTime();
        try {
            String pretrainData = ingest(spark, o.input(), scratch.resolve("classes-0-4"), List.of(0, 1, 2, 3, 4), null,
                PRETRAIN_SEED, 0.1);
            String base = pretrain(spark, o, pretrainData, scratch, quiet);
            double baseAccuracy = new EvaluateJob(spark).run(base, pretrainData, Split.TEST, null, WORKERS).report().accuracy();
            System.out.printf(Locale.ROOT, "base %s (%s) on classes 0-4: test accuracy on 0-4 %.4f (%.0f s)%n", base,
                o.model(), baseAccuracy, seconds(began));

            System.out.printf("%nsize/class  seed  transfer  scratch   gain (test accuracy on classes 5-9, %d epochs)%n", o.epochs());
            List<String> summary = new ArrayList<>();
            for (int size : o.sizes()) {
                double[] transfer = new double[o.seeds().length];
                double[] fromScratch = new double[o.seeds().length];
                for (int s = 0; s < o.seeds().length; s++) {
                    long seed = o.seeds()[s];
                    String data = ingest(spark, o.input(), scratch.resolve("classes-5-9-n" + size + "-s" + seed),
                        List.of(5, 6, 7, 8, 9), size, seed, 0.0);
                    String tuned = scratch.resolve("transfer-n" + size + "-s" + seed).toString();
                    OptimizerConfig fineTune = OptimizerConfig.adam(o.fineTuneLr());
                    new TransferJob(spark, quiet).run(new TransferJob.Request(base,
                        new TransferSettings(o.freezeThrough(), true, fineTune, 0, seed),
                        request(data, base, o.epochs(), tuned, SMALL_BATCH, seed, fineTune)));
                    String plain = scratch.resolve("scratch-n" + size + "-s" + seed).toString();
                    new TrainJob(spark, quiet).run(request(data, o.model(), o.epochs(), plain, SMALL_BATCH, seed,
                        OptimizerConfig.adam(o.learningRate())));
                    transfer[s] = new EvaluateJob(spark).run(tuned, data, Split.TEST, null, WORKERS).report().accuracy();
                    fromScratch[s] = new EvaluateJob(spark).run(plain, data, Split.TEST, null, WORKERS).report().accuracy();
                    System.out.printf(Locale.ROOT, "%10d  %4d  %8.4f  %7.4f  %+6.1f pts   (%.0f s)%n", size, seed, transfer[s],
                        fromScratch[s], 100 * (transfer[s] - fromScratch[s]), seconds(began));
                }
                double t = median(transfer);
                double f = median(fromScratch);
                summary.add(String.format(Locale.ROOT, "%10d  %8.4f  %7.4f  %+6.1f pts", size, t, f, 100 * (t - f)));
            }
            System.out.printf("%nmedian of %d seeds%nsize/class  transfer  scratch   gain%n", o.seeds().length);
            summary.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "%ntotal %.0f s; settings: %s pretrained %d epochs batch %d (its own optimizer); "
                    + "fine-tune and scratch %d epochs batch %d; Adam %s fine-tuning, %s from scratch; freeze through "
                    + "layer %s; %d workers, K=5, local[2]%n", seconds(began), o.model(), o.pretrainEpochs(), PRETRAIN_BATCH,
                o.epochs(), SMALL_BATCH, o.fineTuneLr(), o.learningRate(),
                o.freezeThrough() == null ? "below head" : o.freezeThrough(), WORKERS);
        } finally {
            spark.stop();
            deleteTree(scratch);
        }
    }

    /**
     * The base artifact: {@code --base} when it already holds one of {@code --model} (a different model is an error,
     * since transfer and scratch must train the same network), else the model pretrained on {@code data} with its
     * own optimizer into {@code --base} or a temporary folder.
     */
    private static String pretrain(SparkSession spark, TransferBenchmarkOptions o, String data, Path scratch,
                                   PrintWriter quiet) throws Exception {
        if (o.base() != null && Files.exists(Path.of(o.base(), ModelArtifactManifest.FILE_NAME))) {
            String held = BaseModel.load(o.base(), spark.sparkContext().hadoopConfiguration()).modelName();
            String wanted = ModelCatalog.resolveAny(o.model(), Map.of()).name();
            if (!held.equals(wanted)) {
                throw new IllegalArgumentException("--base " + o.base() + " holds a " + held + " model, not --model " + wanted);
            }
            System.out.printf("reusing the pretrained base in %s%n", o.base());
            return o.base();
        }
        String base = o.base() != null ? o.base() : scratch.resolve("base").toString();
        new TrainJob(spark, quiet).run(request(data, o.model(), o.pretrainEpochs(), base, PRETRAIN_BATCH, PRETRAIN_SEED, null));
        System.out.printf("pretrained %s on classes 0-4 for %d epochs into %s%n", o.model(), o.pretrainEpochs(), base);
        return base;
    }

    private static String ingest(SparkSession spark, String input, Path output, List<Integer> classes, Integer perClass,
                                 long seed, double validationFraction) throws Exception {
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, input, output.toString(),
            new IngestOptions(validationFraction, seed, null, ResizeMode.NONE, null), null, 0.0, false,
            new ClassSubset(classes, perClass, seed)));
        return output.toString();
    }

    /** A training run of {@code model}; a null {@code optimizer} is the one the model's spec declares. */
    private static TrainingConfig request(String data, String model, int epochs, String output, int batch, long seed,
                                        OptimizerConfig optimizer) {
        return TrainingConfig.builder().data(data).model(model).epochs(epochs).output(output).workers(WORKERS).batchSize(batch).averagingFrequency(5).treeDepth(2).seed(seed).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(optimizer).resume(false).overwrite(false).checkpointEveryRounds(0).build();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
