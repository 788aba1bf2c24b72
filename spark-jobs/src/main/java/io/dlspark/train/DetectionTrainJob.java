package io.dlspark.train;

import io.dlspark.augment.BoxPipeline;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.yolo.AnchorBoxes;
import io.dlspark.core.detect.yolo.YoloGrid;
import io.dlspark.core.detect.yolo.YoloHead;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.yolo.YoloSpec;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.DetectionBatches;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.feed.DetectionCodec;
import io.dlspark.feed.OnlineAugmentation;
import io.dlspark.feed.ShardRecords;
import io.dlspark.feed.TrainingData;
import io.dlspark.output.OutputFolder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dlspark train} of a detector ({@code kind = yolo}) on detection shards: anchors fitted to the training boxes,
 * then the same {@link EpochLoop}, master, checkpoints and resume as every other model; validated by mAP.
 */
public final class DetectionTrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionTrainJob.class);

    private final TrainJob job;

    /** A job training through {@code job}'s loop, listeners and Spark session. */
    public DetectionTrainJob(TrainJob job) {
        this.job = job;
    }

    /** Trains the detector {@code spec} on the detection shards {@code config} names. */
    public TrainResult run(TrainingConfig config, YoloSpec spec, ParameterAveragingMaster.RoundListener onRound)
        throws IOException {
        if (config.selection().keepsBest() && config.selection().metric() != EpochSelection.Metric.MAP) {
            throw new UsageException("--keep-best " + config.selection().option() + ": a detector's validation measures "
                + "mAP, not " + config.selection().option() + "; keep its best epoch with --keep-best map");
        }
        if (config.features() != null) {
            throw new UsageException("--features: applies to text shards, not to the detector " + spec.name());
        }
        Configuration conf = job.spark().sparkContext().hadoopConfiguration();
        ShardRecords records = ShardRecords.open(job.spark(), PathOption.of("--data", config.data(), conf), conf);
        ShardManifest data = TrainJob.checkData(config, records);
        if (data.recordFormat() != RecordFormat.DETECTION_UINT8_HWC) {
            throw new UsageException("--data " + config.data() + ": a shard set of " + data.recordFormat()
                + " records; the detector " + spec.name() + " trains on detection shards (ingest --dataset "
                + "fashion-mnist-scenes or voc)");
        }
        ImageShape shape = data.shape();
        List<String> classes = data.labelNames();
        YoloGrid grid = spec.grid(shape, classes.size());
        BoxPipeline pipeline = config.augment() == null ? null : OnlineAugmentation.loadBoxes(config.augment(), data);
        DetectionBatches batches = new DetectionBatches(shape, grid,
            pipeline == null ? null : DetectionCodec.augmenter(pipeline, shape));
        OptimizerConfig requested = job.scaledOptimizer(config, spec);
        OptimizerConfig optimizer = requested != null ? requested : spec.optimizer();
        double[][] priors = anchors(records, spec, grid, config.seed());
        NeuralNetwork net = spec.build(shape, classes.size(), priors, optimizer, config.seed());
        YoloHead head = YoloHead.of(net, shape).orElseThrow();
        ModelSource source = source(spec, shape, priors, optimizer);
        int workers = job.preflight(config, conf, null, spec.name(), new ModelInput.ImageInput(shape), data, true);

        try (OutputFolder out = OutputFolder.begin(PathOption.of("--output", config.output(), conf), conf, config.overwrite())) {
            Path dir = out.dir();
            DetectionCodec codec = new DetectionCodec(shape);
            TrainingData train = TrainingData.load(DetectionCodec.rows(records.split(Split.TRAIN)), workers,
                config.seed(), codec);
            TrainingData validation = data.count(Split.VALIDATION) == 0 ? null
                : TrainingData.load(DetectionCodec.rows(records.split(Split.VALIDATION)), workers, config.seed(), codec);
            try {
                TrainJob.checkCount(records.describe(), data, train);
                DetectionTrainee trainee = new DetectionTrainee(source, net, batches, head, classes, job.jsc(), validation);
                TrainJob.Run run = job.train(config, trainee, train, workers, dir, null, onRound, conf);
                EpochValidation last = run.kept() != null ? run.kept().restore(trainee, run.epochsLogged())
                    : run.lastValidation();
                NeuralNetwork trained = trainee.network();
                Map<String, Object> metrics = TrainJob.supervisedMetrics(trainee, last, run);
                metrics.put("anchors", priors);
                metrics.put("grid", grid.gridWidth() + "x" + grid.gridHeight());
                if (pipeline != null) {
                    metrics.put("augment", config.augment());
                }
                ModelArtifactManifest manifest = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION,
                    spec.name(), Networks.kind(trained), shape, true, classes, Networks.numParams(trained),
                    TrainJob.provenance(config, optimizer, workers, null), records.provenance(conf), metrics,
                    ArtifactVersions.current(), job.now());
                ArtifactFiles.writeModel(dir, trained, conf);
                ArtifactFiles.write(dir, manifest, conf);
                out.commit();
                LOG.info("Wrote detector artifact {}", out.target());
                return new TrainResult(out.target().toString(), manifest, run.epochs(), trainee.state());
            } finally {
                train.release();
                if (validation != null) {
                    validation.release();
                }
            }
        }
    }

    /** The spec's number of anchors, fitted to the training split's boxes in record-id order (k-means, seeded). */
    private static double[][] anchors(ShardRecords records, YoloSpec spec, YoloGrid grid, long seed) {
        List<Box> boxes = new ArrayList<>();
        List<Row> rows = new ArrayList<>(records.split(Split.TRAIN).select(ShardColumns.RECORD_ID, ShardColumns.BOXES)
            .collectAsList());
        rows.sort(java.util.Comparator.comparing((Row r) -> r.getString(0)));
        for (Row row : rows) {
            List<Float> values = row.getList(1);
            for (int k = 0; k + 3 < values.size(); k += 4) {
                boxes.add(new Box(values.get(k), values.get(k + 1), values.get(k + 2), values.get(k + 3)));
            }
        }
        try {
            AnchorBoxes anchors = AnchorBoxes.fit(boxes, grid, spec.anchors(), seed);
            LOG.info("{} anchors fitted to {} training boxes, mean IoU {}", spec.anchors(), boxes.size(),
                anchors.meanIou(boxes, grid));
            return anchors.sizes();
        } catch (IllegalArgumentException e) {
            throw new UsageException("models." + spec.name() + ".anchors: " + e.getMessage() + " in the training split");
        }
    }

    private static ModelSource source(YoloSpec spec, ImageShape shape, double[][] priors, OptimizerConfig optimizer) {
        return new ModelSource() {
            @Override
            public String name() {
                return spec.name();
            }

            @Override
            public boolean convolutional() {
                return true;
            }

            @Override
            public NeuralNetwork build(ModelInput input, int classes, long seed) {
                return spec.build(shape, classes, priors, optimizer, seed);
            }

            @Override
            public OptimizerConfig optimizer() {
                return optimizer;
            }
        };
    }
}
