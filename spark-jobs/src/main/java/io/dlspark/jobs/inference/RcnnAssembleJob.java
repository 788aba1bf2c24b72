package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.rcnn.BoxDeltas;
import io.dlspark.core.detect.rcnn.BoxRegressor;
import io.dlspark.core.detect.rcnn.ProposalSettings;
import io.dlspark.core.detect.rcnn.RcnnDetector;
import io.dlspark.core.detect.rcnn.RcnnModel;
import io.dlspark.core.detect.rcnn.RegionWarp;
import io.dlspark.core.detect.rcnn.SlidingWindowProposals;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.output.OutputFolder;
import io.dlspark.shards.DetectionRows;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes an R-CNN artifact from a region classifier trained on {@code rcnn-regions} shards: fits the per-class box
 * regressor on the driver from a bounded sample of training scenes (proposals with IoU >= 0.6 with an object, on the
 * classifier's penultimate features) and writes the classifier's files plus {@code rcnn.json}, atomically.
 */
public final class RcnnAssembleJob {
    private static final Logger LOG = LoggerFactory.getLogger(RcnnAssembleJob.class);
    /** IoU with an object from which a proposal teaches the box regressor (R-CNN's 0.6). */
    public static final double REGRESSION_IOU = 0.6;
    private static final int BATCH = 256;

    private final SparkSession spark;

    public RcnnAssembleJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * One run's inputs.
     *
     * @param images   training scenes (the first by record id) the box regressor is fitted on
     * @param lambda   the ridge penalty of the box regressor
     * @param minScore class probability below which a region is not reported
     * @param nms      the per-class NMS IoU threshold
     */
    public record Request(String classifier, String scenes, String output, ProposalSettings proposals, int images,
                          double lambda, double minScore, double nms, boolean overwrite) {
        public Request {
            if (images < 1) {
                throw new UsageException("--regression-images: must be at least 1, got " + images);
            }
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new UsageException("--ridge: must be finite and > 0, got " + lambda);
            }
            if (!(minScore >= 0 && minScore <= 1)) {
                throw new UsageException("--min-score: must be in [0, 1], got " + minScore);
            }
            if (!(nms >= 0 && nms <= 1)) {
                throw new UsageException("--nms: must be in [0, 1], got " + nms);
            }
        }
    }

    /** The R-CNN written at the output, and how many samples fitted its box regressor. */
    public record Result(String output, RcnnModel model, int samples) {
    }

    public Result run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark rcnn: assemble")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path modelRoot = PathOption.of("--model", request.classifier(), conf);
            Path dataRoot = PathOption.of("--data", request.scenes(), conf);
            Path output = PathOption.of("--output", request.output(), conf);
            OutputFolder.checkReplaceable(output, conf, request.overwrite());
            ModelArtifactManifest artifact = ArtifactFiles.read(modelRoot, conf, "--model");
            ShardManifest scenes = ManifestIo.read(dataRoot, conf);
            check(artifact, modelRoot, scenes, request.scenes());
            NeuralNetwork net = EvaluateJob.readNetwork(modelRoot, artifact, conf);
            String unfit = RcnnDetector.unfitClassifier(net);
            if (unfit != null) {
                throw new UsageException("--model " + modelRoot + ": " + unfit);
            }
            int classes = scenes.labelNames().size();
            RcnnModel untuned = new RcnnModel(scenes.shape(), scenes.labelNames(), request.proposals(),
                artifact.inputShape().width(), artifact.convolutional(),
                new BoxRegressor(new double[classes][4][1]), request.minScore(), request.nms());
            List<BoxRegressor.Sample> samples = samples(untuned, net, dataRoot, request.images());
            if (samples.isEmpty()) {
                throw new UsageException("--data " + request.scenes() + ": no proposal has IoU >= " + REGRESSION_IOU
                    + " with an object in the first " + request.images() + " training scenes; check the proposals");
            }
            int features = samples.get(0).features().length;
            RcnnModel model = new RcnnModel(untuned.sceneShape(), untuned.classNames(), untuned.proposals(),
                untuned.warpSize(), untuned.convolutional(), BoxRegressor.fit(samples, classes, features,
                request.lambda()), untuned.minScore(), untuned.nms());
            LOG.info("Fitted the R-CNN box regressor on {} proposals of {} features", samples.size(), features);
            try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                for (String file : List.of(ModelArtifactManifest.MODEL_FILE, ModelArtifactManifest.FILE_NAME)) {
                    Path from = new Path(modelRoot, file);
                    FileUtil.copy(HadoopFiles.fs(from, conf), from, HadoopFiles.fs(out.temporary(), conf),
                        new Path(out.temporary(), file), false, conf);
                }
                HadoopFiles.writeString(new Path(out.temporary(), RcnnModel.FILE), Json.pretty(model), conf);
                out.commit();
                return new Result(out.target().toString(), model, samples.size());
            }
        }
    }

    private static void check(ModelArtifactManifest artifact, Path modelRoot, ShardManifest scenes, String dataUri) {
        if (scenes.recordFormat() != RecordFormat.DETECTION_UINT8_HWC) {
            throw new UsageException("--data " + dataUri + " holds " + scenes.recordFormat()
                + " records; the R-CNN needs detection shards (boxes and classes)");
        }
        List<String> expected = new ArrayList<>(scenes.labelNames());
        expected.add(io.dlspark.jobs.ingest.RegionCropJob.BACKGROUND);
        if (!expected.equals(artifact.labelNames())) {
            throw new UsageException("--model " + modelRoot + " classifies " + artifact.labelNames() + " but --data "
                + dataUri + " needs " + expected + " (train it on ingest --dataset rcnn-regions of these scenes)");
        }
        ImageShape in = artifact.inputShape();
        if (in == null || in.width() != in.height() || in.channels() != scenes.shape().channels()) {
            throw new UsageException("--model " + modelRoot + " takes input " + in + "; the region classifier needs "
                + "square images of " + scenes.shape().channels() + " channel(s)");
        }
        if (scenes.count(Split.TRAIN) == 0) {
            throw new UsageException("--data " + dataUri + " has no train records");
        }
    }

    /** Regression samples of the first {@code images} training scenes by record id, in that order. */
    private List<BoxRegressor.Sample> samples(RcnnModel model, NeuralNetwork net, Path dataRoot, int images) {
        List<Row> rows = spark.read().parquet(new Path(dataRoot, Split.TRAIN.dirName()).toString())
            .orderBy(ShardColumns.RECORD_ID).limit(images).collectAsList();
        SlidingWindowProposals proposals = new SlidingWindowProposals(model.proposals());
        RegionWarp warp = new RegionWarp(model.warpSize());
        RcnnDetector scorer = new RcnnDetector(model, net);
        List<BoxRegressor.Sample> samples = new ArrayList<>();
        List<byte[]> crops = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        List<double[]> deltas = new ArrayList<>();
        for (Row row : rows) {
            byte[] pixels = row.getAs(ShardColumns.PIXELS);
            List<GroundTruth> objects = DetectionRows.objects(row);
            for (Box box : proposals.propose(pixels, model.sceneShape())) {
                for (GroundTruth object : objects) {
                    if (box.iou(object.box()) >= REGRESSION_IOU) {
                        crops.add(warp.warp(pixels, model.sceneShape(), box));
                        classes.add(new int[] {object.classId()});
                        deltas.add(BoxDeltas.encode(box, object.box()));
                        break;
                    }
                }
                if (crops.size() == BATCH) {
                    flush(scorer, crops, classes, deltas, samples);
                }
            }
        }
        flush(scorer, crops, classes, deltas, samples);
        return samples;
    }

    private static void flush(RcnnDetector scorer, List<byte[]> crops, List<int[]> classes, List<double[]> deltas,
                              List<BoxRegressor.Sample> samples) {
        if (crops.isEmpty()) {
            return;
        }
        float[][] features = scorer.score(crops).features();
        for (int i = 0; i < crops.size(); i++) {
            samples.add(new BoxRegressor.Sample(features[i], classes.get(i)[0], deltas.get(i)));
        }
        crops.clear();
        classes.clear();
        deltas.clear();
    }
}
