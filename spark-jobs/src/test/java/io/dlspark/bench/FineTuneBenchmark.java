package io.dlspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.TextCorpus;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.TransferSettings;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.IngestResult;
import io.dlspark.spark.SparkSessions;
import io.dlspark.text.TextVectorizerSettings;
import io.dlspark.text.WordPieceVocabularyJob;
import io.dlspark.train.EpochMetrics;
import io.dlspark.train.PretrainJob;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import io.dlspark.train.TransferJob;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 20's fine-tuning proof in one {@code local[2]} session: a pretrained encoder fine-tuned, the same encoder
 * from scratch, the TF-IDF mlp and Spark ML logistic regression on SpamAssassin and Brown, per label fraction and
 * seed; medians and targets. Fractions limit labels only: vectorisers, vocabulary and pretraining corpus still see
 * all training text, unlabelled.
 *
 * <pre>benchmarks/run.sh finetune [--tasks spam,brown] [--fractions 1,0.1] [--seeds 1,2,3] [--epochs 3]
 *     [--pretrain-epochs 3] [--batch-size 16] [--model bert-tiny] [--length 128] [--learning-rate LR] [--workers 2]
 *     [--base DIR] [--spamassassin data/spamassassin] [--brown data/brown] [--sotu data/sotu] [--passage-words 80]
 *     [--split-seed 42] [--pooling cls|mean] [--windows 1] [--methods pretrained,scratch,mlp,logistic]
 *     [--init-from PRETRAIN-ARTIFACT]</pre>
 */
public final class FineTuneBenchmark {
    private static final double VALIDATION_FRACTION = 0.1;
    private static final int TFIDF_NGRAMS = 2;
    private static final int MAX_PIECE_LENGTH = 8;
    /** The report; standard output itself is silenced while the jobs run, so their progress lines stay out of it. */
    private static final PrintStream OUT = System.out;

    private FineTuneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FineTuneBenchOptions o = FineTuneBenchOptions.parse(args);
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(new SparkConf(false)
            .setMaster("local[2]").setAppName("dlspark fine-tuning benchmark").set("spark.ui.enabled", "false")))
            .getOrCreate();
        Path scratch = Files.createTempDirectory("dlspark-finetune-bench");
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            run(spark, o, scratch);
        } finally {
            System.setOut(OUT);
            spark.stop();
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The steps: both tasks ingested once with {@code --split-seed} (Brown as passages split by document), so every
     * method and seed sees the same splits; the pretrained encoder ({@link #base}); then per task, fraction and seed a
     * seeded, label-stratified share of the training split ({@link FractionShards}; validation and test whole, the
     * same records for all four methods) and the four methods ({@link #runOne}), each scored on the test split.
     */
    private static void run(SparkSession spark, FineTuneBenchOptions o, Path scratch) throws Exception {
        long began = System.nanoTime();
        OUT.printf(Locale.ROOT, "# finetune: tasks %s, label fractions %s, seeds %s; %s length %d, %d epochs "
                + "(pretraining %d), batch %d, %s, %s pooling, %d window(s), %d workers, split seed %d; %d cores, load %s%n",
            o.tasks().stream().map(FineTuneTask::cliName).collect(Collectors.joining(",")),
            java.util.Arrays.toString(o.fractions()), java.util.Arrays.toString(o.seeds()), o.model(), o.length(),
            o.epochs(), o.pretrainEpochs(), o.batchSize(), o.optimizer().name() + " " + o.optimizer().learningRate(),
            o.pooling() != null ? o.pooling() : o.spec().meanPool() ? "mean" : "cls", o.windows(), o.workers(), o.splitSeed(),
            Runtime.getRuntime().availableProcessors(), BenchCli.load());
        Map<FineTuneTask, Path> shards = new EnumMap<>(FineTuneTask.class);
        for (FineTuneTask task : o.tasks()) {
            shards.put(task, ingest(spark, o, task, scratch.resolve(task.dataset().cliName())));
        }
        String base = base(spark, o, shards, scratch);
        for (Path data : shards.values()) {
            Files.copy(Path.of(base, WordPieceVocabularyJob.FILE_NAME), data.resolve(WordPieceVocabularyJob.FILE_NAME),
                StandardCopyOption.REPLACE_EXISTING);
        }

        List<FineTuneTable.Run> runs = new ArrayList<>();
        OUT.printf("%n=== runs (test split) ===%n");
        for (FineTuneTask task : o.tasks()) {
            for (double fraction : o.fractions()) {
                for (long seed : o.seeds()) {
                    Path data = shards.get(task);
                    if (fraction < 1) {
                        data = scratch.resolve(task.cliName() + "-f" + fraction + "-s" + seed);
                        long t = System.nanoTime();
                        FractionShards.write(spark, shards.get(task), data, fraction, seed);
                        ShardManifest subset = manifest(spark, data);
                        OUT.printf(Locale.ROOT, "%s: %d of %d training records (%s per class) for seed %d in "
                                + "%.1f s%n", task.cliName(), subset.count(Split.TRAIN),
                            manifest(spark, shards.get(task)).count(Split.TRAIN),
                            java.util.Arrays.toString(subset.splits().get(Split.TRAIN.dirName()).perClass()), seed,
                            seconds(t));
                    }
                    for (FineTuneTable.Method method : o.methods()) {
                        FineTuneTable.Run r = runOne(spark, o, task, fraction, seed, method, base, data, scratch);
                        runs.add(r);
                        OUT.println(FineTuneTable.line(r));
                    }
                }
            }
        }
        OUT.print(FineTuneTable.medians(runs));
        OUT.println();
        FineTuneTable.targets(runs).forEach(OUT::println);
        OUT.printf(Locale.ROOT, "# total %.0f s; load after: %s%n", seconds(began), BenchCli.load());
    }

    private static Path ingest(SparkSession spark, FineTuneBenchOptions o, FineTuneTask task, Path output)
        throws Exception {
        TextVectorizerSettings d = TextVectorizerSettings.defaults();
        TextVectorizerSettings text = new TextVectorizerSettings(d.vocabularySize(), d.minDocFrequency(), TFIDF_NGRAMS,
            d.removeStopWords(), d.sequenceLength(), d.tokenVocabularySize());
        int passages = task == FineTuneTask.BROWN ? o.passageWords() : 0;
        IngestOptions options = new IngestOptions(VALIDATION_FRACTION, o.splitSeed(), null, ResizeMode.NONE, null,
            IngestOptions.DEFAULT_TEST_FRACTION, passages);
        IngestResult r = new IngestJob(spark).run(new IngestJob.Request(task.dataset(),
            task == FineTuneTask.SPAM ? o.spamAssassin() : o.brown(), output.toUri().toString(), options, null, 0.0,
            false, null, text));
        ShardManifest m = r.manifest();
        OUT.printf(Locale.ROOT, "ingest %s: %d records, %d classes; train %d, validation %d, test %d; %.1f s%n",
            task.dataset().cliName(), r.records(), m.classCount(), m.count(Split.TRAIN), m.count(Split.VALIDATION),
            m.count(Split.TEST), r.seconds());
        return output;
    }

    /**
     * The pretrain artifact: {@code --base} when it holds one of {@code --model} at {@code --length}, else a corpus
     * of the State of the Union and the tasks' training splits, its vocabulary, and the encoder pretrained on it
     * into {@code --base} (or scratch), resuming the checkpoints an interrupted run left there. Prints its per-epoch
     * held-out MLM figures.
     */
    private static String base(SparkSession spark, FineTuneBenchOptions o, Map<FineTuneTask, Path> shards,
                               Path scratch) throws Exception {
        TransformerSpec spec = o.spec();
        if (o.baseHoldsArtifact()) {
            BaseModel held = BaseModel.load(o.base(), spark.sparkContext().hadoopConfiguration());
            if (!held.modelName().equals(spec.name())) {
                throw new IllegalArgumentException("--base " + o.base() + " holds a " + held.modelName()
                    + " model, not --model " + spec.name());
            }
            Object overrides = held.artifact().finalMetrics().getOrDefault("modelOverrides", Map.of());
            Object length = overrides instanceof Map<?, ?> m ? m.get("max-length") : null;
            int heldLength = length instanceof Number n ? n.intValue() : o.encoderDefaultLength();
            if (heldLength != o.length()) {
                throw new IllegalArgumentException("--length " + o.length() + ": --base " + o.base()
                    + " was pretrained at length " + heldLength);
            }
            OUT.printf("reusing the pretrained encoder in %s (its corpus must hold no validation or test text of "
                + "these splits: pretrain it with this benchmark, the same data and --split-seed)%n", o.base());
            printPretraining(Path.of(o.base()));
            return o.base();
        }
        Path corpus = scratch.resolve("corpus");
        List<String> inputs = new ArrayList<>(List.of(Path.of(o.sotu()).toAbsolutePath().toString()));
        shards.values().forEach(p -> inputs.add(p.toString()));
        IngestResult ingested = new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_CORPUS,
            String.join(",", inputs), corpus.toUri().toString(), new IngestOptions(VALIDATION_FRACTION, o.splitSeed(),
            null, ResizeMode.NONE, null, IngestOptions.DEFAULT_TEST_FRACTION, TextCorpus.DEFAULT_PASSAGE_WORDS), null,
            0.0, false));
        OUT.printf(Locale.ROOT, "pretraining corpus (%s; training splits only): %d passages, train %d, "
                + "validation %d; %.1f s%n", String.join(", ", inputs), ingested.records(),
            ingested.manifest().count(Split.TRAIN), ingested.manifest().count(Split.VALIDATION), ingested.seconds());
        long t = System.nanoTime();
        if (o.initFrom() == null) {
            List<String> vocabulary = new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(
                corpus.toUri().toString(), null, spec.size().vocabulary(), MAX_PIECE_LENGTH, 0));
            OUT.printf(Locale.ROOT, "vocabulary: %d WordPiece tokens from the corpus's training split; %.1f s%n",
                vocabulary.size(), seconds(t));
        } else {
            OUT.printf("continuing the pretrained encoder in %s, with its vocabulary%n", o.initFrom());
            printPretraining(Path.of(o.initFrom()));
        }
        String base = o.base() != null ? Path.of(o.base()).toAbsolutePath().toString() : scratch.resolve("mlm").toString();
        t = System.nanoTime();
        new PretrainJob(new TrainJob(spark, quiet())).run(config(corpus.toString(), o.model(), o, o.pretrainEpochs(),
            base, o.batchSize(), o.splitSeed(), null).toBuilder().modelOverrides(o.modelOverrides())
            .resume(o.baseInterrupted()).build(),
            PretrainJob.MLM, o.initFrom() == null ? null : Path.of(o.initFrom()).toAbsolutePath().toString(), s -> { });
        OUT.printf(Locale.ROOT, "pretrained %s (length %d) for %d epochs into %s; %.1f s%n", spec.name(),
            o.length(), o.pretrainEpochs(), base, seconds(t));
        printPretraining(Path.of(base));
        return base;
    }

    private static void printPretraining(Path base) throws Exception {
        Path metrics = base.resolve("metrics.jsonl");
        if (!Files.exists(metrics)) {
            OUT.printf("  (no metrics.jsonl in %s)%n", base);
            return;
        }
        for (JsonNode epoch : PretrainBenchmark.epochs(metrics)) {
            OUT.printf(Locale.ROOT, "  pretraining epoch %d: %.2f samples/s%s%n", epoch.path("epoch").asInt(),
                epoch.path("samplesPerSecond").asDouble(Double.NaN), PretrainBenchmark.validation(epoch));
        }
    }

    /** One method on one task, fraction and seed: trained, then scored on the test split. */
    private static FineTuneTable.Run runOne(SparkSession spark, FineTuneBenchOptions o, FineTuneTask task,
                                            double fraction, long seed, FineTuneTable.Method method, String base,
                                            Path data, Path scratch) throws Exception {
        String output = scratch.resolve(task.cliName() + "-f" + fraction + "-s" + seed + "-" + method.name()
            .toLowerCase(Locale.ROOT)).toString();
        OptimizerConfig optimizer = o.optimizer();
        long t = System.nanoTime();
        EvaluationReport report;
        if (method == FineTuneTable.Method.LOGISTIC) {
            ShardManifest manifest = manifest(spark, data);
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(data.toUri());
            SparkLogisticBaseline baseline = SparkLogisticBaseline.fit(
                SparkLogisticBaseline.tfidfRows(spark, manifest, root, Split.TRAIN),
                SparkLogisticBaseline.tfidfRows(spark, manifest, root, Split.VALIDATION));
            report = baseline.evaluate(Split.TEST.dirName(), SparkLogisticBaseline.tfidfRows(spark, manifest, root,
                Split.TEST), manifest.labelNames(), manifest.positiveClass());
        } else {
            TrainResult trained = switch (method) {
                case PRETRAINED -> new TransferJob(spark, quiet()).run(new TransferJob.Request(base,
                    new TransferSettings(null, true, optimizer, 0, seed),
                    config(data.toString(), base, o, o.epochs(), output, o.batchSize(), seed, optimizer).toBuilder()
                        .modelOverrides(o.headOverrides()).build()));
                case SCRATCH -> new TrainJob(spark, quiet()).run(config(data.toString(), o.model(), o, o.epochs(), output,
                    o.batchSize(), seed, optimizer).toBuilder().modelOverrides(scratchOverrides(o))
                    .features(TextFeatureKind.WORDPIECE).build());
                default -> new TrainJob(spark, quiet()).run(config(data.toString(), "mlp", o, task.mlpEpochs(fraction), output,
                    task.mlpBatchSize(), seed, null).toBuilder().features(TextFeatureKind.TFIDF).build());
            };
            OUT.printf(Locale.ROOT, "  %s validation accuracy by epoch:%s%n", method.name().toLowerCase(Locale.ROOT),
                trained.epochs().stream().map(FineTuneBenchmark::accuracy).collect(Collectors.joining()));
            report = new EvaluateJob(spark).run(trained.output(), data.toString(), Split.TEST, null, o.workers()).report();
        }
        double[] metrics = task.metrics(report);
        return new FineTuneTable.Run(task, fraction, seed, method, metrics[0], metrics[1], seconds(t));
    }

    private static Map<String, Object> scratchOverrides(FineTuneBenchOptions o) {
        Map<String, Object> overrides = new java.util.TreeMap<>(o.modelOverrides());
        overrides.putAll(o.headOverrides());
        return overrides;
    }

    private static String accuracy(EpochMetrics epoch) {
        return String.format(Locale.ROOT, " %.4f", epoch.validationAccuracy());
    }

    private static TrainingConfig config(String data, String model, FineTuneBenchOptions o, int epochs, String output,
                                         int batch, long seed, OptimizerConfig optimizer) {
        return TrainingConfig.builder().data(data).model(model).epochs(epochs).output(output).workers(o.workers())
            .batchSize(batch).averagingFrequency(5).treeDepth(2).seed(seed).roundTimeoutSeconds(0).threadsPerWorker(1)
            .optimizer(optimizer).resume(false).overwrite(false).checkpointEveryRounds(0).build();
    }

    private static ShardManifest manifest(SparkSession spark, Path data) {
        return io.dlspark.core.shard.ManifestIo.read(new org.apache.hadoop.fs.Path(data.toUri()),
            spark.sparkContext().hadoopConfiguration());
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
