package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.DetectionReport;
import io.dlspark.core.detect.rcnn.ProposalSettings;
import io.dlspark.core.detect.rcnn.RcnnModel;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.engine.DetectionEvaluator;
import io.dlspark.engine.RcnnImages;
import io.dlspark.feed.DetectionCodec;
import io.dlspark.feed.TrainingData;
import io.dlspark.jobs.inference.DetectJob;
import io.dlspark.jobs.inference.DetectionEvaluateJob;
import io.dlspark.jobs.inference.RcnnAssembleJob;
import io.dlspark.jobs.ingest.RegionCropJob;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The R-CNN baseline end to end on the easy scenes of {@link DetectionTrainJobTest} (48x48, one square or frame):
 * region crops as class shards, a classifier trained by the parameter-averaging master, the box regressor, then
 * {@code evaluate} and {@code detect} on the R-CNN artifact with proposals and scoring on the executors.
 */
class RcnnTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RcnnTest.class);
    static final String CLASSIFIER = """
        kind = sequential
        layers = [
          { type = conv2d, filters = 8, kernel = 3, activation = relu }
          { type = pool2d, pooling = max, kernel = 2, stride = 2 }
          { type = conv2d, filters = 16, kernel = 3, activation = relu }
          { type = pool2d, pooling = max, kernel = 2, stride = 2 }
          { type = dense, size = 32, activation = relu }
        ]
        optimizer { name = adam, learning-rate = 3e-3 }
        """;
    static final ProposalSettings PROPOSALS = new ProposalSettings(List.of(20, 24, 28), List.of(1.0), 4, 16);
    private static final ImageShape SHAPE = new ImageShape(48, 48, 1);

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static String scenes;
    private static String crops;
    private static TrainResult classifier;
    private static RcnnAssembleJob.Result rcnn;

    @BeforeAll
    static void buildOnce() throws IOException {
        spark = SparkTestSession.get();
        scenes = DetectionTrainJobTest.scenes(DetectionTrainJobTest.writeShapes(dir.resolve("objects")),
            dir.resolve("scenes"), 2);
        crops = new RegionCropJob(spark).run(new RegionCropJob.Request(scenes, dir.resolve("crops").toString(),
            PROPOSALS, 4, 4, 7, false)).output();
        Path spec = dir.resolve("region-classifier.conf");
        Files.writeString(spec, CLASSIFIER);
        classifier = new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(crops)
            .model(spec.toString()).epochs(4).output(dir.resolve("classifier").toString()).workers(2).batchSize(16)
            .averagingFrequency(4).seed(11).build());
        rcnn = new RcnnAssembleJob(spark).run(new RcnnAssembleJob.Request(classifier.output(), scenes,
            dir.resolve("rcnn").toString(), PROPOSALS, 200, 1.0, 0.05, 0.3, false));
    }

    @Test
    void theRegionShardsAreClassShardsWithABackgroundClass() throws IOException {
        ShardManifest manifest = ManifestIo.read(new org.apache.hadoop.fs.Path(crops),
            spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of(28, 28, 1), List.of(manifest.shape().height(), manifest.shape().width(),
            manifest.shape().channels()));
        List<String> labels = manifest.labelNames();
        assertEquals(RegionCropJob.BACKGROUND, labels.get(labels.size() - 1));
        long[] train = manifest.splits().get("train").perClass();
        // 400 scenes of one object: 4 background regions each, and 4 positives (the object's box and 3 proposals)
        assertEquals(1600, train[labels.size() - 1]);
        assertEquals(1600, train[0] + train[1]);
        assertEquals(3200, manifest.count(Split.TRAIN));
        assertTrue(rcnn.samples() > 200, "regression samples " + rcnn.samples());
    }

    @Test
    void theRcnnFindsTheObjectsAndAnUntrainedOneDoesNot() throws IOException {
        String flip = assertThrows(UsageException.class, () -> new DetectionEvaluateJob(spark).run(rcnn.output(),
            scenes, Split.TEST, null, 2, true)).getMessage();
        assertTrue(flip.startsWith("--tta flip: --model ") && flip.contains(" is an R-CNN"), flip);
        Path flipLines = dir.resolve("flip.jsonl");
        String detectFlip = assertThrows(UsageException.class, () -> new DetectJob(spark).run(rcnn.output(), scenes,
            flipLines.toString(), 2, 0, true)).getMessage();
        assertEquals(flip, detectFlip);
        assertFalse(Files.exists(flipLines));
        DetectionEvaluateJob.Result result = new DetectionEvaluateJob(spark).run(rcnn.output(), scenes, Split.TEST,
            null, 2);
        DetectionReport report = result.report();
        assertEquals(60L, report.images());
        DetectionEvaluateJob.Detector detector = DetectionEvaluateJob.read(new org.apache.hadoop.fs.Path(rcnn.output()),
            spark.sparkContext().hadoopConfiguration()).orElseThrow();
        List<String> classes = detector.labelNames();
        NeuralNetwork copy = NetworkBlueprint.of(detector.net()).build();
        NetworkState.of(detector.net()).applyTo(copy);
        DetectionReport single = DetectionEvaluator.report("test", onDriver(copy, detector.rcnn()), classes);
        assertEquals(single.metrics(), report.metrics(), "the executors detect as one machine does");
        NeuralNetwork untrained = NetworkBlueprint.of(detector.net()).build();
        RcnnModel noRegression = new RcnnModel(detector.rcnn().sceneShape(), classes, PROPOSALS,
            detector.rcnn().warpSize(), detector.rcnn().convolutional(),
            new io.dlspark.core.detect.rcnn.BoxRegressor(new double[classes.size()][4][33]),
            detector.rcnn().minScore(), detector.rcnn().nms());
        double untrainedMap = DetectionEvaluator.report("test", onDriver(untrained, detector.rcnn()), classes).map50();
        DetectionReport unregressed = DetectionEvaluator.report("test", onDriver(copy, noRegression), classes);
        LOG.info("R-CNN test mAP@0.5 {} mAP@[.5:.95] {}; without box regression {} and {}; untrained {}",
            report.map50(), report.map50to95(), unregressed.map50(), unregressed.map50to95(), untrainedMap);
        assertTrue(report.map50() >= 0.8 && untrainedMap < 0.3, "test mAP@0.5 " + report.map50() + " (mAP@[.5:.95] "
            + report.map50to95() + "), without regression " + unregressed.map50() + " ("
            + unregressed.map50to95() + "), untrained " + untrainedMap);
        assertTrue(report.map50to95() > unregressed.map50to95(), "box regression tightens the boxes: mAP@[.5:.95] "
            + report.map50to95() + " with, " + unregressed.map50to95() + " without");
        String json = Files.readString(Path.of(new org.apache.hadoop.fs.Path(result.output()).toUri().getPath()));
        assertTrue(json.contains("\"map50to95\"") && json.contains("\"perClass\""), json);
    }

    @Test
    void detectWorksOnAnRcnnArtifactForAFolderOfImages() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        List<Row> rows = spark.read().parquet(Path.of(scenes, "test").toString()).orderBy("record_id").limit(3)
            .collectAsList();
        for (Row row : rows) {
            BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 48, 48, row.<byte[]>getAs("pixels"));
            ImageIO.write(image, "png", images.resolve(row.<String>getAs("record_id") + ".png").toFile());
        }
        Path jsonl = dir.resolve("detected/boxes.jsonl");
        DetectJob.Result found = new DetectJob(spark).run(rcnn.output(), images.toString(), jsonl.toString(), 2);
        assertEquals(3, found.images());
        assertTrue(found.boxes() >= 3, "boxes " + found.boxes());
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"box\""), lines.get(0));
    }

    @Test
    void badInputIsOneLineNamingTheOption() {
        String notScenes = assertThrows(UsageException.class, () -> new RegionCropJob(spark).run(
            new RegionCropJob.Request(crops, dir.resolve("x").toString(), PROPOSALS, 4, 4, 7, false))).getMessage();
        assertTrue(notScenes.startsWith("--input " + crops) && notScenes.contains("detection shards"), notScenes);
        String wrongData = assertThrows(UsageException.class, () -> new RcnnAssembleJob(spark).run(
            new RcnnAssembleJob.Request(classifier.output(), crops, dir.resolve("x").toString(), PROPOSALS, 10, 1,
                0.05, 0.3, false))).getMessage();
        assertTrue(wrongData.startsWith("--data " + crops) && wrongData.contains("detection shards"), wrongData);
        String notAClassifier = assertThrows(UsageException.class, () -> new RcnnAssembleJob(spark).run(
            new RcnnAssembleJob.Request(rcnn.output(), scenes, dir.resolve("x").toString(), PROPOSALS, 0, 1,
                0.05, 0.3, false))).getMessage();
        assertTrue(notAClassifier.startsWith("--regression-images"), notAClassifier);
        for (String line : List.of(notScenes, wrongData, notAClassifier)) {
            assertFalse(line.contains("\n"), line);
        }
        assertFalse(Files.exists(dir.resolve("x")));
    }

    /** The test split's detections by the region classifier {@code net}, computed on the driver. */
    private static List<DetectionEvaluator.ScoredImage> onDriver(NeuralNetwork net, RcnnModel model) {
        TrainingData one = TrainingData.load(DetectionCodec.rows(spark.read().parquet(Path.of(scenes, "test")
            .toString())), 1, 0, new DetectionCodec(SHAPE));
        try {
            return RcnnImages.images(net, one.partitions().collect().get(0), model);
        } finally {
            one.release();
        }
    }
}
