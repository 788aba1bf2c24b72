package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.ClassSubset;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.TextCorpus;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.IngestResult;
import io.dlspark.jobs.ingest.RegionCropJob;
import io.dlspark.jobs.ingest.SceneIngestJob;
import io.dlspark.jobs.ingest.TableIngestJob;
import io.dlspark.jobs.ingest.TableTask;
import io.dlspark.jobs.ingest.VocIngestJob;
import io.dlspark.spark.SparkSessions;
import io.dlspark.text.TextVectorizerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dlspark ingest}: raw files on any Hadoop file system to Parquet shards plus a manifest. */
@Command(name = "ingest", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Split raw data into train/validation(/test) Parquet shards with a manifest.json.")
final class IngestCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "KIND",
        description = "Input kind: ${COMPLETION-CANDIDATES}.", converter = DatasetKind.Converter.class,
        completionCandidates = DatasetKind.Names.class)
    DatasetKind dataset;

    @Option(names = "--input", required = true, paramLabel = "URI", description = "Input folder (file://, hdfs://, s3a://); "
        + "text-corpus: comma-separated folders of .txt files and/or text shard sets (their training split only).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Output folder for shards and manifest.")
    String output;

    @Option(names = "--seed", description = "Seed of the train/validation split.")
    long seed = 42;

    @Option(names = "--val-fraction", paramLabel = "F", description = "Share of each class's training records for validation.")
    double valFraction = 0.1;

    @Option(names = "--partitions", paramLabel = "P",
        description = "Shard files of the train split (others proportional); default: one per 10000 records.")
    Integer partitions;

    @Option(names = "--max-bad-fraction", paramLabel = "X", description = "Fail when more than this share of records is bad.")
    double maxBadFraction = 0.0;

    @Option(names = "--image-shape", paramLabel = "HxWxC",
        description = "Image shape to produce (image-folder); default: the common shape of the images.")
    String imageShape;

    @Option(names = "--resize", paramLabel = "MODE", description = "none, scale or center-crop (needs --image-shape).")
    String resize = "none";

    @Option(names = "--label-names", split = ",", paramLabel = "NAMES", description = "Class names of plain IDX data, in label order.")
    List<String> labelNames;

    @Option(names = "--classes", split = ",", paramLabel = "C1,C2,...",
        description = "Keep only these label indices, relabelled 0..k-1 in this order (recorded in the manifest).")
    List<Integer> classes;

    @Option(names = "--per-class-limit", paramLabel = "N",
        description = "With --classes: keep at most N training records per class, chosen with --seed.")
    Integer perClassLimit;

    @Option(names = "--test-fraction", paramLabel = "F",
        description = "spamassassin, brown: share of each group or genre held out as the test split; table: share of rows.")
    double testFraction = IngestOptions.DEFAULT_TEST_FRACTION;

    @Option(names = "--passage-words", paramLabel = "N", description = "brown, text-corpus: cut each document into "
        + "passages of about N words, split by document (0: whole documents); default: 0 for brown, "
        + TextCorpus.DEFAULT_PASSAGE_WORDS + " for text-corpus.")
    Integer passageWords;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Option(names = "--vocabulary-size", paramLabel = "V", description = "Text: TF-IDF vocabulary cap (per n-gram order).")
    int vocabularySize = TextVectorizerSettings.defaults().vocabularySize();

    @Option(names = "--min-doc-freq", paramLabel = "N", description = "Text: training documents a term needs to enter a vocabulary.")
    int minDocFrequency = TextVectorizerSettings.defaults().minDocFrequency();

    @Option(names = "--ngrams", paramLabel = "N", description = "Text: 1 (words) or 2 (words and word pairs) for TF-IDF.")
    int ngrams = TextVectorizerSettings.defaults().ngrams();

    @Option(names = "--keep-stop-words", description = "Text: keep English stop words (removed by default).")
    boolean keepStopWords;

    @Option(names = "--sequence-length", paramLabel = "L", description = "Text: token ids per record (truncate or pad).")
    int sequenceLength = TextVectorizerSettings.defaults().sequenceLength();

    @Option(names = "--features", split = ",", paramLabel = "COLUMNS",
        description = "table: the numeric feature columns, in the order of each record's values.")
    List<String> features;

    @Option(names = "--label", paramLabel = "COLUMN", description = "table: the label column.")
    String label;

    @Option(names = "--task", paramLabel = "TASK",
        description = "table: classification (label: class index or string) or regression (label: a number).")
    String task = TableTask.CLASSIFICATION.cliName();

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "table: parquet, csv (header row, numbers inferred), json or orc; default: the input's extension.")
    String format;

    @Option(names = "--standardize", description = "table: scale each feature by the training rows' mean and standard "
        + "deviation (recorded in the manifest).")
    boolean standardize;

    @picocli.CommandLine.Mixin
    SceneOptions scenes = new SceneOptions();

    @picocli.CommandLine.Mixin
    ProposalOptions proposals = new ProposalOptions();

    @Option(names = "--positives", paramLabel = "N", description = "rcnn-regions: object regions per scene "
        + "(its boxes and proposals with IoU >= 0.5), drawn with --seed.")
    int positives = 8;

    @Option(names = "--backgrounds", paramLabel = "N",
        description = "rcnn-regions: background regions (IoU < 0.3 with every object) per scene, drawn with --seed.")
    int backgrounds = 8;

    @Option(names = "--token-vocabulary-size", paramLabel = "V", description = "Text: token-id vocabulary cap.")
    int tokenVocabularySize = TextVectorizerSettings.defaults().tokenVocabularySize();

    @Override
    public Integer call() throws Exception {
        if (dataset != DatasetKind.TABLE) {
            checkTableOptions();
        }
        if (dataset == DatasetKind.FASHION_MNIST_SCENES) {
            SceneIngestJob.Request request = new SceneIngestJob.Request(input, output, seed, valFraction,
                scenes.settings(), scenes.scenes(), partitions, overwrite);
            return run(spark -> new SceneIngestJob(spark, spec.commandLine().getOut()).run(request));
        }
        if (dataset == DatasetKind.VOC) {
            VocIngestJob.Request request = new VocIngestJob.Request(input, output, seed, valFraction,
                imageShape == null ? null : ImageShape.parse(imageShape, "--image-shape"), partitions, overwrite);
            return run(spark -> new VocIngestJob(spark, spec.commandLine().getOut()).run(request));
        }
        if (dataset == DatasetKind.RCNN_REGIONS) {
            RegionCropJob.Request request = new RegionCropJob.Request(input, output, proposals.settings(), positives,
                backgrounds, seed, overwrite);
            return run(spark -> new RegionCropJob(spark).run(request));
        }
        if (dataset == DatasetKind.TABLE) {
            TableIngestJob.Request request = new TableIngestJob.Request(input, output, format, features, label,
                TableTask.parse(task, "--task"), seed, valFraction, testFraction, partitions, overwrite, standardize);
            return run(spark -> new TableIngestJob(spark).run(request));
        }
        IngestJob.Request request = new IngestJob.Request(dataset, input, output, options(), partitions,
            maxBadFraction, overwrite, subset(), new TextVectorizerSettings(vocabularySize, minDocFrequency, ngrams,
                !keepStopWords, sequenceLength, tokenVocabularySize));
        return run(spark -> new IngestJob(spark, spec.commandLine().getOut()).run(request));
    }

    /** One ingest job on a session made after the request was validated. */
    private interface Job {
        IngestResult run(org.apache.spark.sql.SparkSession spark) throws java.io.IOException;
    }

    private int run(Job job) throws java.io.IOException {
        try (SparkSessions.Handle spark = root.spark("ingest")) {
            spec.commandLine().getOut().println(job.run(spark.session()).summary());
        }
        return DlsparkCli.EXIT_OK;
    }

    /** The table options are an error with another dataset kind rather than silently ignored. */
    private void checkTableOptions() {
        if (features != null || label != null || format != null || standardize
            || !TableTask.CLASSIFICATION.cliName().equals(task)) {
            throw new UsageException("--features, --label, --task, --format and --standardize apply to --dataset table only, not to "
                + dataset.cliName());
        }
    }

    private ClassSubset subset() {
        if (classes == null) {
            if (perClassLimit != null) {
                throw new UsageException("--per-class-limit needs --classes");
            }
            return null;
        }
        return new ClassSubset(classes, perClassLimit, seed);
    }

    private IngestOptions options() {
        ResizeMode mode;
        try {
            mode = ResizeMode.valueOf(resize.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--resize: '" + resize + "' is not one of " + Arrays.toString(new String[] {"none", "scale", "center-crop"}));
        }
        ImageShape shape = imageShape == null ? null : ImageShape.parse(imageShape, "--image-shape");
        if (passageWords != null && dataset != DatasetKind.BROWN && dataset != DatasetKind.TEXT_CORPUS) {
            throw new UsageException("--passage-words applies to --dataset brown and text-corpus, not to " + dataset.cliName());
        }
        int words = passageWords != null ? passageWords : dataset == DatasetKind.TEXT_CORPUS ? TextCorpus.DEFAULT_PASSAGE_WORDS : 0;
        return new IngestOptions(valFraction, seed, shape, mode, labelNames, testFraction, words);
    }
}
