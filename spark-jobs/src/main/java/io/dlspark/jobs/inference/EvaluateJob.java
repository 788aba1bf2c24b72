package io.dlspark.jobs.inference;

import io.dlspark.console.ProgressLine;
import io.dlspark.console.TaskProgress;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.artifact.ModelArtifactManifest.RegressionTarget;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.eval.RegressionReport;
import io.dlspark.core.eval.RegressionSums;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.engine.DistributedEvaluator;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.TrainingData;
import io.dlspark.shards.ShardVerifier;
import io.dlspark.spark.JobDescription;
import io.dlspark.train.TrainJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Objects;

/**
 * The {@code dlspark evaluate} job: loads an artifact, checks it against the shard set, evaluates one split, optionally
 * with horizontal-flip test-time augmentation ({@code --tta flip}).
 */
public final class EvaluateJob {
    private final SparkSession spark;

    private final PrintWriter console;

    public EvaluateJob(SparkSession spark) {
        this(spark, new PrintWriter(Writer.nullWriter()));
    }

    /** An evaluation that prints its progress lines to {@code console}. */
    public EvaluateJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /** The report (a classifier's, or else a regressor's) and where its JSON was written. */
    public record Result(EvaluationReport report, String output, RegressionReport regression) {
        public Result(EvaluationReport report, String output) {
            this(report, output, null);
        }

        /** The report as console lines. */
        public String table() {
            return regression != null ? regression.table() : report.table();
        }

        /** One line: the split, the headline metrics and the records. */
        public String summary() {
            return regression != null
                ? String.format(java.util.Locale.ROOT, "%s RMSE %.4g, MAE %.4g, R2 %.4f on %d records, metrics %s",
                    regression.split(), regression.rmse(), regression.mae(), regression.r2(), regression.records(), output)
                : String.format(java.util.Locale.ROOT, "%s accuracy %.4f on %d records, metrics %s", report.split(),
                    report.accuracy(), report.records(), output);
        }
    }

    public Result run(String modelUri, String dataUri, Split split, String outputUri, Integer workers) throws IOException {
        return run(modelUri, dataUri, split, outputUri, workers, false);
    }

    /**
     * Evaluates as {@link #run(String, String, Split, String, Integer)}; with {@code flipAveraging}, each prediction is
     * the mean of the softmax for the image and for its mirror image (convolutional image models only).
     */
    public Result run(String modelUri, String dataUri, Split split, String outputUri, Integer workers,
                      boolean flipAveraging) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark evaluate: " + split.dirName() + " split")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path modelRoot = PathOption.of("--model", modelUri, conf);
            Path dataRoot = PathOption.of("--data", dataUri, conf);
            Path outputPath = outputUri == null ? null : PathOption.of("--output", outputUri, conf);
            ModelArtifactManifest artifact = ArtifactFiles.read(modelRoot, conf, "--model");
            if (io.dlspark.core.gen.GenerativeArtifact.isGenerative(modelRoot, conf)) {
                throw new UsageException("--model " + modelRoot + " is a generative model; evaluate it with --generative --classifier <classifier artifact>");
            }
            ShardManifest data = ManifestIo.read(dataRoot, conf);
            if (data.recordFormat() == RecordFormat.DETECTION_UINT8_HWC) {
                throw new UsageException("--data " + dataUri + " holds detection records, but --model " + modelRoot
                    + " is not a detector");
            }
            RegressionTarget dataTarget = TrainJob.regressionTarget(data);
            checkTask(artifact, modelRoot, dataTarget, dataUri);
            if (!artifact.labelNames().equals(data.labelNames())) {
                throw new UsageException("--model " + modelRoot + " predicts classes " + artifact.labelNames()
                    + " but --data " + dataUri + " has classes " + data.labelNames());
            }
            if (flipAveraging && (!artifact.convolutional() || artifact.textFeatures() != null)) {
                throw new UsageException("--tta flip: --model " + modelRoot + " does not take images as [channels, height, "
                    + "width]; flip test-time augmentation needs a convolutional image model");
            }
            FeatureInputs inputs = inputs(artifact, modelRoot, data, dataUri);
            if (data.count(split) == 0) {
                throw new UsageException("--data " + dataUri + " has no " + split.dirName() + " records");
            }
            NeuralNetwork net = readNetwork(modelRoot, artifact, conf);
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int tasks = workers != null ? workers : jsc.defaultParallelism();
            ShardVerifier.verify(data, dataRoot, split, conf);
            TrainingData records = inputs.load(spark.read().parquet(new Path(new Path(dataUri), split.dirName()).toString()),
                tasks, 0);
            EvaluationReport report = null;
            RegressionReport regression = null;
            EvaluateProgress progress = new EvaluateProgress(ProgressLine.of(console, "evaluate"), split.dirName(),
                records.sizes());
            try (TaskProgress followed = TaskProgress.follow(spark.sparkContext(), progress)) {
                NetworkBlueprint blueprint = flipAveraging ? NetworkBlueprint.of(net).withFlipAveraging() : NetworkBlueprint.of(net);
                if (dataTarget != null) {
                    regression = regression(split, records, blueprint, net, inputs, artifact, dataTarget, jsc);
                } else {
                    report = new DistributedEvaluator(jsc).evaluate(split.dirName(), records, blueprint,
                        NetworkState.of(net), inputs.assembler(data.classCount(), artifact.convolutional()),
                        data.labelNames(), data.positiveClass());
                }
                followed.awaitStage(TaskProgress.LINES_TIMEOUT_MILLIS);
                progress.finish();
            } finally {
                records.release();
            }
            Path output = outputPath != null ? outputPath
                : new Path(modelRoot, "metrics-" + split.dirName() + (flipAveraging ? "-tta-flip" : "") + ".json");
            AtomicFiles.writeString(output, Json.pretty(regression != null ? regression : report), conf);
            return new Result(report, output.toString(), regression);
        }
    }

    /** A regressor and a shard set must both be of the same regression target, or both be classes. */
    private static void checkTask(ModelArtifactManifest artifact, Path modelRoot, RegressionTarget dataTarget,
                                  String dataUri) {
        if (artifact.regressor() && dataTarget == null) {
            throw new UsageException("--model " + modelRoot + " is a regressor of '" + artifact.regression().label()
                + "' but --data " + dataUri + " holds class labels");
        }
        if (!artifact.regressor() && dataTarget != null) {
            throw new UsageException("--model " + modelRoot + " is a classifier but --data " + dataUri
                + " holds the regression target '" + dataTarget.label() + "'");
        }
    }

    /**
     * The regressor's RMSE, MAE and R² in label units. The model's standardized output is mapped into the shard set's
     * standardized units (its own mean and standard deviation may differ from the data's).
     */
    private static RegressionReport regression(Split split, TrainingData records, NetworkBlueprint blueprint,
                                               NeuralNetwork net, FeatureInputs inputs, ModelArtifactManifest artifact,
                                               RegressionTarget data, JavaSparkContext jsc) {
        RegressionTarget model = artifact.regression();
        double scale = model.std() / data.std();
        double shift = (model.mean() - data.mean()) / data.std();
        RegressionSums sums = new DistributedEvaluator(jsc).regression(split.dirName(), records, blueprint,
            NetworkState.of(net), inputs.assembler(1, artifact.convolutional()).forRegression(), scale, shift);
        return RegressionReport.of(split.dirName(), model.label(), sums, data.std(), Networks.numParams(net));
    }

    static NeuralNetwork readNetwork(Path modelRoot, ModelArtifactManifest artifact, Configuration conf) throws IOException {
        Path modelFile = new Path(modelRoot, ModelArtifactManifest.MODEL_FILE);
        try (InputStream in = HadoopFiles.fs(modelFile, conf).open(modelFile)) {
            return Networks.load(artifact.networkKind(), in, modelFile.toString());
        }
    }

    /**
     * The model's inputs over the shard set: text through the vectoriser saved in the artifact (never the shard set's
     * own, so the vocabulary is the model's), images (adapted as the artifact says) or feature vectors when the shapes
     * agree.
     */
    static FeatureInputs inputs(ModelArtifactManifest artifact, Path modelRoot, ShardManifest data, String dataUri) {
        if (artifact.textFeatures() != null) {
            if (data.recordFormat() != RecordFormat.TEXT_UTF8) {
                throw new UsageException("--model " + modelRoot + " takes text but --data " + dataUri + " holds "
                    + data.recordFormat());
            }
            return FeatureInputs.text(artifact.textFeatures(), modelRoot);
        }
        if (!Objects.equals(artifact.inputShape(), data.shape())) {
            throw new UsageException("--model " + modelRoot + " takes input " + artifact.inputShape()
                + " but --data " + dataUri + " holds " + (data.shape() == null ? data.recordFormat() : data.shape()));
        }
        return FeatureInputs.of(data, new Path(dataUri), null).adapted(artifact.inputAdapter());
    }
}
