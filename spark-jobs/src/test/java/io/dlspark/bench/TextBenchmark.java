package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.IngestResult;
import io.dlspark.spark.SparkSessions;
import io.dlspark.text.TextVectorizerSettings;
import io.dlspark.train.EpochMetrics;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Locale;

/**
 * The text benchmark of issue 6, everything in one {@code local[2]} run through the job classes:
 * <ul>
 *   <li>SpamAssassin: {@link IngestJob} throughput in messages/s (messages read, duplicates and bad ones included;
 *   the time covers parsing, deduplication, shard writing and fitting both vectorisers), then a dlspark model trained
 *   by {@link TrainJob} on the TF-IDF features and its test metrics from {@link EvaluateJob} with the per-group
 *   table, against Spark ML logistic regression on the same TF-IDF rows ({@link SparkLogisticBaseline});</li>
 *   <li>Brown: genre accuracy on the test split of a dlspark model on TF-IDF, against the majority class of the
 *   training split and Spark ML logistic regression.</li>
 * </ul>
 * Model settings are the command line's; choose them on the validation split (the per-epoch validation accuracy is
 * printed), never on these test numbers.
 *
 * <pre>benchmarks/run.sh text [--spamassassin DIR] [--brown DIR] [--model NAME|FILE] [--epochs E] [--batch-size B]
 *     [--brown-model NAME|FILE] [--brown-epochs E] [--brown-batch-size B] [--ngrams 1|2] [--vocabulary-size V]
 *     [--workers W] [--seed S]</pre>
 * The SpamAssassin defaults (TF-IDF of words and word pairs, mlp, 2 epochs) were chosen on validation loss and
 * accuracy (docs/performance.md); the Brown ones (mlp, batch 16 so that 348 training documents give 11 minibatches per
 * worker and epoch, 10 epochs) were set for the time budget, not tuned.
 */
public final class TextBenchmark {
    private TextBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark text benchmark").set("spark.ui.enabled", "false"))).getOrCreate();
        java.nio.file.Path scratch = Files.createTempDirectory("dlspark-text-bench");
        try {
            System.out.printf(Locale.ROOT, "# text benchmark: %s; load average %s%n", o, loadAverage());
            spamAssassin(spark, o, scratch);
            brown(spark, o, scratch);
            System.out.printf(Locale.ROOT, "# load average at the end %s%n", loadAverage());
        } finally {
            spark.stop();
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void spamAssassin(SparkSession spark, Options o, java.nio.file.Path scratch) throws Exception {
        IngestResult ingest = ingest(spark, DatasetKind.SPAMASSASSIN, o.spamAssassin, scratch.resolve("spamassassin"), o);
        ShardManifest manifest = ingest.manifest();
        long removed = manifest.deduplication() == null ? 0 : manifest.deduplication().removed();
        long messages = ingest.records() + removed + manifest.badRecords().count();
        System.out.printf(Locale.ROOT, "spamassassin ingest: %d messages (%d duplicates removed, %d bad) in %.1f s = "
                + "%.1f messages/s; train %d, validation %d, test %d%n", messages, removed, manifest.badRecords().count(),
            ingest.seconds(), messages / ingest.seconds(), manifest.count(Split.TRAIN), manifest.count(Split.VALIDATION),
            manifest.count(Split.TEST));
        Comparison result = compare(spark, ingest, o.model, o.epochs, o.batchSize, o, scratch.resolve("spamassassin-model"));
        System.out.printf(Locale.ROOT, "spamassassin dlspark %s (%d epochs), test:%n%s", o.model, o.epochs,
            result.dlspark().table());
        System.out.printf(Locale.ROOT, "spamassassin Spark ML logistic regression (regParam %s by validation accuracy "
            + "%.4f), test:%n%s", result.baseline().regParam(), result.baseline().validationAccuracy(), result.logistic().table());
        EvaluationReport d = result.dlspark();
        EvaluationReport l = result.logistic();
        System.out.printf(Locale.ROOT, "spamassassin summary: dlspark accuracy %.4f spam F1 %.4f ROC AUC %.4f | "
                + "logistic regression accuracy %.4f spam F1 %.4f ROC AUC %.4f | targets accuracy >= 0.98 (%s), "
                + "spam F1 >= 0.97 (%s)%n", d.accuracy(), d.binary().f1(), d.binary().rocAuc(), l.accuracy(),
            l.binary().f1(), l.binary().rocAuc(), d.accuracy() >= 0.98 ? "met" : "missed",
            d.binary().f1() >= 0.97 ? "met" : "missed");
    }

    private static void brown(SparkSession spark, Options o, java.nio.file.Path scratch) throws Exception {
        IngestResult ingest = ingest(spark, DatasetKind.BROWN, o.brown, scratch.resolve("brown"), o);
        ShardManifest manifest = ingest.manifest();
        System.out.printf(Locale.ROOT, "brown ingest: %d documents, %d genres in %.1f s; train %d, validation %d, test %d%n",
            ingest.records(), manifest.classCount(), ingest.seconds(), manifest.count(Split.TRAIN),
            manifest.count(Split.VALIDATION), manifest.count(Split.TEST));
        Comparison result = compare(spark, ingest, o.brownModel, o.brownEpochs, o.brownBatchSize, o,
            scratch.resolve("brown-model"));
        long[] perClass = manifest.splits().get(Split.TRAIN.dirName()).perClass();
        int majority = 0;
        for (int c = 1; c < perClass.length; c++) {
            majority = perClass[c] > perClass[majority] ? c : majority;
        }
        long[] testPerClass = manifest.splits().get(Split.TEST.dirName()).perClass();
        double majorityAccuracy = (double) testPerClass[majority] / manifest.count(Split.TEST);
        System.out.printf(Locale.ROOT, "brown dlspark %s (%d epochs), test:%n%s", o.brownModel, o.brownEpochs,
            result.dlspark().table());
        System.out.printf(Locale.ROOT, "brown summary: test accuracy dlspark %s %.4f (macro F1 %.4f) | Spark ML logistic "
                + "regression %.4f (macro F1 %.4f; regParam %s) | majority class '%s' %.4f%n", o.brownModel,
            result.dlspark().accuracy(), result.dlspark().macroF1(), result.logistic().accuracy(),
            result.logistic().macroF1(), result.baseline().regParam(), manifest.labelNames().get(majority), majorityAccuracy);
    }

    private static IngestResult ingest(SparkSession spark, DatasetKind kind, String input, java.nio.file.Path output,
                                       Options o) throws Exception {
        TextVectorizerSettings defaults = TextVectorizerSettings.defaults();
        TextVectorizerSettings text = new TextVectorizerSettings(o.vocabularySize, defaults.minDocFrequency(), o.ngrams,
            defaults.removeStopWords(), defaults.sequenceLength(), defaults.tokenVocabularySize());
        IngestOptions options = new IngestOptions(0.1, o.seed, null, ResizeMode.NONE, null);
        return new IngestJob(spark).run(new IngestJob.Request(kind, input, output.toUri().toString(), options, null,
            0.0, false, text));
    }

    /** The dlspark model and the logistic-regression baseline, both on the shard set's TF-IDF features. */
    private record Comparison(EvaluationReport dlspark, EvaluationReport logistic, SparkLogisticBaseline baseline) {
    }

    private static Comparison compare(SparkSession spark, IngestResult ingest, String model, int epochs, int batchSize,
                                      Options o, java.nio.file.Path modelDir) throws Exception {
        String data = ingest.output();
        String output = modelDir.toUri().toString();
        long t = System.nanoTime();
        TrainResult trained = new TrainJob(spark, new PrintWriter(System.out, true)).run(TrainingConfig.builder().data(data).model(model).epochs(epochs).output(output).workers(o.workers).batchSize(batchSize).averagingFrequency(5).treeDepth(2).seed(o.seed).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(null).resume(false).overwrite(false).checkpointEveryRounds(0).features(TextFeatureKind.TFIDF).build());
        for (EpochMetrics epoch : trained.epochs()) {
            System.out.printf(Locale.ROOT, "  %s epoch %d: train loss %.4f, validation loss %.4f, validation accuracy %.4f, "
                + "%.1f s%n", model, epoch.epoch(), epoch.trainLoss(), epoch.validationLoss(), epoch.validationAccuracy(),
                epoch.seconds());
        }
        System.out.printf(Locale.ROOT, "  trained %s in %.1f s%n", model, (System.nanoTime() - t) / 1e9);
        EvaluationReport dlspark = new EvaluateJob(spark).run(output, data, Split.TEST, null, o.workers).report();

        t = System.nanoTime();
        ShardManifest manifest = ingest.manifest();
        Path root = new Path(data);
        SparkLogisticBaseline baseline = SparkLogisticBaseline.fit(
            SparkLogisticBaseline.tfidfRows(spark, manifest, root, Split.TRAIN),
            SparkLogisticBaseline.tfidfRows(spark, manifest, root, Split.VALIDATION));
        EvaluationReport logistic = baseline.evaluate(Split.TEST.dirName(),
            SparkLogisticBaseline.tfidfRows(spark, manifest, root, Split.TEST), manifest.labelNames(),
            manifest.positiveClass());
        System.out.printf(Locale.ROOT, "  logistic regression: %d fits and test scoring in %.1f s%n",
            SparkLogisticBaseline.REG_PARAMS.length, (System.nanoTime() - t) / 1e9);
        return new Comparison(dlspark, logistic, baseline);
    }

    private static String loadAverage() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private record Options(String spamAssassin, String brown, String model, int epochs, int batchSize, String brownModel,
                           int brownEpochs, int brownBatchSize, int ngrams, int vocabularySize, int workers, long seed) {
        static Options parse(String[] args) {
            BenchArgs a = BenchArgs.parse(args, "--spamassassin", "--brown", "--model", "--epochs", "--batch-size",
                "--brown-model", "--brown-epochs", "--brown-batch-size", "--ngrams", "--vocabulary-size", "--workers",
                "--seed");
            return new Options(a.string("--spamassassin", "data/spamassassin"), a.string("--brown", "data/brown"),
                a.string("--model", "mlp"), a.integer("--epochs", 2), a.integer("--batch-size", 64),
                a.string("--brown-model", "mlp"), a.integer("--brown-epochs", 10), a.integer("--brown-batch-size", 16),
                a.integer("--ngrams", 2),
                a.integer("--vocabulary-size", TextVectorizerSettings.defaults().vocabularySize()),
                a.integer("--workers", 2), a.longInteger("--seed", 42));
        }
    }
}
