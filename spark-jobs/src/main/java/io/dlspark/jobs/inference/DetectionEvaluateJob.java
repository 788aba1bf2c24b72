package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.DetectionReport;
import io.dlspark.core.detect.rcnn.RcnnModel;
import io.dlspark.core.detect.yolo.YoloHead;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.DetectionBatches;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.engine.DetectionEvaluator;
import io.dlspark.engine.RcnnImages;
import io.dlspark.feed.DetectionCodec;
import io.dlspark.feed.TrainingData;
import io.dlspark.shards.ShardVerifier;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code dlspark evaluate} of a detector artifact on a split of detection shards: mAP@0.5 (VOC), mAP@[0.5:0.95]
 * (COCO) and per-class AP, from detections made on the executors and gathered as box lists.
 */
public final class DetectionEvaluateJob {
    private final SparkSession spark;

    public DetectionEvaluateJob(SparkSession spark) {
        this.spark = spark;
    }

    /** The report and where its JSON was written. */
    public record Result(DetectionReport report, String output) {
    }

    /**
     * A loaded detector artifact: its manifest and network with either a YOLO head or, for an R-CNN artifact, the
     * R-CNN's settings (then the network is the region classifier).
     */
    public record Detector(ModelArtifactManifest artifact, NeuralNetwork net, YoloHead head, RcnnModel rcnn) {
        /** The shape of the images it detects in. */
        public ImageShape inputShape() {
            return rcnn != null ? rcnn.sceneShape() : artifact.inputShape();
        }

        /** The object classes it detects. */
        public List<String> labelNames() {
            return rcnn != null ? rcnn.classNames() : artifact.labelNames();
        }

        /**
         * Refuses flip test-time augmentation of this detector, in one line naming {@code modelRoot}, where it is not
         * exact: an R-CNN has no output map to average, and mirrored cells fall on cells only when they tile the width.
         */
        public void checkFlippable(Path modelRoot) {
            if (rcnn != null) {
                throw new UsageException("--tta flip: --model " + modelRoot + " is an R-CNN, which has no output map "
                    + "to average; flip test-time augmentation applies to classifiers and one-stage detectors");
            }
            if (!head.grid().wholeCellsAcross()) {
                throw new UsageException("--tta flip: --model " + modelRoot + " sees images " + head.grid().imageWidth()
                    + " pixels wide as " + head.grid().gridWidth() + " cells, which a mirror does not map onto cells");
            }
        }

        /**
         * What each task runs over its detection records; with {@code flip}, a one-stage detector averages each
         * image's output with its mirror image's (an R-CNN is refused).
         */
        public DetectionEvaluator.PartitionDetector partitionDetector(boolean flip) {
            if (rcnn != null) {
                if (flip) {
                    throw new IllegalArgumentException("an R-CNN has no output map to flip-average");
                }
                return RcnnImages.of(rcnn);
            }
            DetectionBatches batches = new DetectionBatches(artifact.inputShape(), head.grid(), null).plain();
            YoloHead yolo = head;
            YoloHead flipOf = flip ? head : null;
            return (network, partition) -> DetectionEvaluator.images(network, partition, batches, yolo.decoder(),
                flipOf);
        }
    }

    /** The detector at {@code modelRoot}, or empty when the artifact is not a detector. */
    public static Optional<Detector> read(Path modelRoot, Configuration conf) throws IOException {
        if (!HadoopFiles.exists(new Path(modelRoot, ModelArtifactManifest.MODEL_FILE), conf)) {
            return Optional.empty();
        }
        ModelArtifactManifest artifact = ArtifactFiles.read(modelRoot, conf, "--model");
        if (artifact.inputShape() == null) {
            return Optional.empty();
        }
        NeuralNetwork net = EvaluateJob.readNetwork(modelRoot, artifact, conf);
        Path rcnnFile = new Path(modelRoot, RcnnModel.FILE);
        if (HadoopFiles.exists(rcnnFile, conf)) {
            RcnnModel rcnn = Json.read(HadoopFiles.readString(rcnnFile, conf), RcnnModel.class, rcnnFile.toString());
            return Optional.of(new Detector(artifact, net, null, rcnn));
        }
        return YoloHead.of(net, artifact.inputShape()).map(head -> new Detector(artifact, net, head, null));
    }

    /** Whether the artifact {@code modelUri} names is a detector. */
    public static boolean isDetector(String modelUri, Configuration conf) throws IOException {
        return read(PathOption.of("--model", modelUri, conf), conf).isPresent();
    }

    /** Evaluates the detector {@code modelUri} on {@code split} of {@code dataUri}; writes the metrics JSON. */
    public Result run(String modelUri, String dataUri, Split split, String outputUri, Integer workers) throws IOException {
        return run(modelUri, dataUri, split, outputUri, workers, false);
    }

    /**
     * Evaluates as {@link #run(String, String, Split, String, Integer)}; with {@code flip}, each image's output is
     * averaged with its mirror image's and the default output is {@code metrics-<split>-tta-flip.json}.
     */
    public Result run(String modelUri, String dataUri, Split split, String outputUri, Integer workers, boolean flip)
        throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark evaluate: " + split.dirName() + " split")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path modelRoot = PathOption.of("--model", modelUri, conf);
            Path dataRoot = PathOption.of("--data", dataUri, conf);
            Path outputPath = outputUri == null
                ? new Path(modelRoot, "metrics-" + split.dirName() + (flip ? "-tta-flip" : "") + ".json")
                : PathOption.of("--output", outputUri, conf);
            ArtifactFiles.read(modelRoot, conf, "--model");
            Detector detector = read(modelRoot, conf).orElseThrow(() -> new UsageException("--model " + modelRoot
                + " is not a detector (its network does not end in a Yolo2OutputLayer and it has no "
                + RcnnModel.FILE + ")"));
            if (flip) {
                detector.checkFlippable(modelRoot);
            }
            ShardManifest data = checkData(detector, modelRoot, dataRoot, dataUri, split, conf);
            DetectionReport report = evaluate(detector, dataRoot, split, data, workers, flip);
            AtomicFiles.writeString(outputPath, Json.pretty(report.metrics()), conf);
            return new Result(report, outputPath.toString());
        }
    }

    /** The shard manifest, once the shards are detection records of the detector's shape and classes. */
    static ShardManifest checkData(Detector detector, Path modelRoot, Path dataRoot, String dataUri, Split split,
                                   Configuration conf) throws IOException {
        ShardManifest data = ManifestIo.read(dataRoot, conf);
        if (data.recordFormat() != RecordFormat.DETECTION_UINT8_HWC) {
            throw new UsageException("--data " + dataUri + " holds " + data.recordFormat() + " records, but --model "
                + modelRoot + " is a detector: it needs detection shards (boxes and classes)");
        }
        if (!Objects.equals(detector.inputShape(), data.shape())) {
            throw new UsageException("--model " + modelRoot + " takes input " + detector.inputShape()
                + " but --data " + dataUri + " holds " + data.shape());
        }
        if (!detector.labelNames().equals(data.labelNames())) {
            throw new UsageException("--model " + modelRoot + " detects classes " + detector.labelNames()
                + " but --data " + dataUri + " has classes " + data.labelNames());
        }
        if (data.count(split) == 0) {
            throw new UsageException("--data " + dataUri + " has no " + split.dirName() + " records");
        }
        ShardVerifier.verify(data, dataRoot, split, conf);
        return data;
    }

    /**
     * The detector's report on {@code split}, decoded on {@code workers} tasks (null: the default parallelism); with
     * {@code flip}, each image's output is averaged with its mirror image's.
     */
    public DetectionReport evaluate(Detector detector, Path dataRoot, Split split, ShardManifest data, Integer workers,
                                    boolean flip) {
        Dataset<Row> rows = DetectionCodec.rows(spark.read().parquet(new Path(dataRoot, split.dirName()).toString()));
        return DetectionEvaluator.report(split.dirName(), detect(spark, detector, rows, split.dirName(), workers, flip),
            data.labelNames());
    }

    /**
     * The detections of every detection row of {@code rows}, by record id, decoded on {@code workers} tasks (null: the
     * default parallelism) in a Spark stage named {@code stage}; with {@code flip}, flip-averaged. The one path of
     * {@code evaluate} and {@code detect}.
     */
    static List<DetectionEvaluator.ScoredImage> detect(SparkSession spark, Detector detector, Dataset<Row> rows,
                                                       String stage, Integer workers, boolean flip) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = workers != null ? workers : jsc.defaultParallelism();
        TrainingData records = TrainingData.load(rows, tasks, 0, new DetectionCodec(detector.inputShape()));
        try {
            return DetectionEvaluator.detect(jsc, stage, records, NetworkBlueprint.of(detector.net()),
                NetworkState.of(detector.net()), detector.partitionDetector(flip));
        } finally {
            records.release();
        }
    }
}
