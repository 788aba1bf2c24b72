package io.dlspark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.DetectionReport;
import io.dlspark.core.detect.SceneSettings;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.yolo.YoloSpec;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.DetectionBatches;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.engine.DetectionEvaluator;
import io.dlspark.feed.DetectionCodec;
import io.dlspark.feed.TrainingData;
import io.dlspark.jobs.inference.DetectJob;
import io.dlspark.jobs.inference.DetectionEvaluateJob;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.SceneIngestJob;
import io.dlspark.spark.SparkTestSession;
import org.apache.hadoop.conf.Configuration;
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
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A YOLO detector trained end to end by the parameter-averaging master on easy scenes (48x48, one object of one of
 * two shapes): the loss falls, held-out mAP@0.5 rises far above the untrained model's, the parameters do not depend
 * on how the shards are partitioned; {@code evaluate} and {@code detect} on its artifact; bad input fails before any
 * side effect.
 */
class DetectionTrainJobTest {
    /** The test detector: four conv + pool blocks (48 -> 3), a 3x3 grid of 16-pixel cells, 2 anchors. */
    static final String SPEC = """
        kind = yolo
        anchors = 2
        layers = [
          { type = conv2d, filters = 8, kernel = 3, padding = same }
          { type = pool2d, kernel = 2, stride = 2 }
          { type = conv2d, filters = 16, kernel = 3, padding = same }
          { type = pool2d, kernel = 2, stride = 2 }
          { type = conv2d, filters = 32, kernel = 3, padding = same }
          { type = pool2d, kernel = 2, stride = 2 }
          { type = conv2d, filters = 32, kernel = 3, padding = same }
          { type = pool2d, kernel = 2, stride = 2 }
          { type = conv2d, filters = 32, kernel = 3, padding = same }
        ]
        optimizer { name = adam, learning-rate = 3e-3 }
        """;
    private static final int EPOCHS = 15;
    private static final ImageShape SHAPE = new ImageShape(48, 48, 1);
    static final SceneSettings EASY = new SceneSettings(48, 1, 1, 0.75, 1.0, 0.1, 16, 100);

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static String scenes;
    private static String model;
    private static TrainResult trained;

    @BeforeAll
    static void trainOnce() throws IOException {
        spark = SparkTestSession.get();
        Path objects = writeShapes(dir.resolve("objects"));
        scenes = scenes(objects, dir.resolve("scenes"), 3);
        model = dir.resolve("yolo-test.conf").toString();
        Files.writeString(Path.of(model), SPEC);
        trained = train(config(dir.resolve("trained").toString(), EPOCHS));
    }

    /** Writes IDX files of 28x28 objects of two shapes: class 0 a filled square, class 1 a hollow frame. */
    static Path writeShapes(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String prefix : List.of("train", "t10k")) {
            int count = prefix.equals("train") ? 120 : 40;
            byte[] images = new byte[count * 28 * 28];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 2);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean border = x < 6 || y < 6 || x > 21 || y > 21;
                        int value = i % 2 == 0 ? 150 + (i * 7 + x * 3 + y) % 60 : border ? 230 : 0;
                        images[(i * 28 + y) * 28 + x] = (byte) value;
                    }
                }
            }
            IdxFixtures.gzip(folder.resolve(prefix + "-images-idx3-ubyte.gz"), IdxFixtures.idx(new int[] {count, 28, 28}, images));
            IdxFixtures.gzip(folder.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFixtures.idx(new int[] {count}, labels));
        }
        return folder;
    }

    /** 400 training, 60 validation and 60 test scenes of the shapes, in {@code partitions} train shard files. */
    static String scenes(Path objects, Path output, int partitions) throws IOException {
        new SceneIngestJob(SparkTestSession.get()).run(new SceneIngestJob.Request(objects.toUri().toString(),
            output.toUri().toString(), 7, 0.25, EASY, Map.of(Split.TRAIN, 400L, Split.VALIDATION, 60L, Split.TEST, 60L),
            partitions, false));
        return output.toString();
    }

    private static TrainingConfig config(String output, int epochs) {
        return TrainingConfig.builder().data(scenes).model(model).epochs(epochs).output(output).workers(2)
            .batchSize(8).averagingFrequency(4).seed(11).build();
    }

    private static TrainResult train(TrainingConfig config) throws IOException {
        return new TrainJob(spark, new PrintWriter(new StringWriter())).run(config);
    }

    @Test
    void theDetectorLearnsTheScenesThroughTheEpochLoop() throws IOException {
        List<EpochMetrics> epochs = trained.epochs();
        assertEquals(EPOCHS, epochs.size());
        assertTrue(epochs.get(EPOCHS - 1).trainLoss() < 0.5 * epochs.get(0).trainLoss(),
            "train loss " + epochs.get(0).trainLoss() + " -> " + epochs.get(EPOCHS - 1).trainLoss());
        Map<String, Object> metrics = trained.manifest().finalMetrics();
        double map50 = ((Number) metrics.get("validationMap50")).doubleValue();
        assertTrue(map50 >= 0.8, "validation mAP@0.5 " + map50 + " " + epochs.stream().map(e -> e.trainLoss()).toList());
        assertTrue(((Number) metrics.get("validationMap50to95")).doubleValue() < map50);
        assertEquals("3x3", metrics.get("grid"));
        List<String> lines = Files.readAllLines(local(trained.output()).resolve("metrics.jsonl"));
        assertEquals(EPOCHS, lines.size());
        assertTrue(lines.get(EPOCHS - 1).contains("\"validationMap50\""), lines.get(EPOCHS - 1));
        assertTrue(Files.exists(local(trained.output()).resolve("model.zip")));
    }

    @Test
    void theParametersDoNotDependOnTheShardFiles() throws IOException {
        String one = scenes(dir.resolve("objects"), dir.resolve("scenes-one"), 1);
        TrainResult a = train(config(dir.resolve("a").toString(), 1).toBuilder().data(one).build());
        TrainResult b = train(config(dir.resolve("b").toString(), 1));
        assertArrayEquals(a.state().params(), b.state().params());
        assertArrayEquals(a.state().updater(), b.state().updater());
    }

    @Test
    void badInputFailsBeforeAnySideEffect() throws IOException {
        String out = dir.resolve("refused").toString();
        String classShards = assertThrows(UsageException.class, () -> train(config(out, 1).toBuilder()
            .data(digits()).build())).getMessage();
        assertTrue(classShards.startsWith("--data " + digits()) && classShards.contains("detection shards"), classShards);
        String keepBest = assertThrows(UsageException.class, () -> train(config(out, 1).toBuilder()
            .selection(EpochSelection.parse("loss", 0, "--keep-best", "--patience")).build())).getMessage();
        assertTrue(keepBest.startsWith("--keep-best loss"), keepBest);
        assertFalse(Files.exists(Path.of(out)), "no output was written");
    }

    /** Class shards of 28x28 digits-like images, ingested once. */
    private static synchronized String digits() throws IOException {
        Path digits = dir.resolve("digits");
        if (!Files.exists(digits)) {
            IdxFixtures.writeMnistLike(dir.resolve("idx"), 40, 20, 1);
            new IngestJob(spark).run(new IngestJob.Request(DatasetKind.IDX, dir.resolve("idx").toString(),
                digits.toString(), IngestOptions.defaults(), 1, 0.0, false));
        }
        return digits.toString();
    }

    @Test
    void detectWritesJsonLinesForShardsAndAPictureForAnImageFolder() throws Exception {
        Path jsonl = dir.resolve("detected/boxes.jsonl");
        DetectJob.Result boxes = new DetectJob(spark).run(trained.output(), scenes, jsonl.toString(), 2);
        assertEquals(520, boxes.images());
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(520, lines.size());
        ObjectMapper json = new ObjectMapper();
        long found = 0;
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            assertTrue(node.get("id").isTextual(), line);
            for (JsonNode d : node.get("detections")) {
                assertTrue(trained.manifest().labelNames().contains(d.get("class").asText()), line);
                assertTrue(d.get("score").asDouble() > 0 && d.get("score").asDouble() <= 1, line);
                JsonNode b = d.get("box");
                assertTrue(b.get(0).asDouble() >= 0 && b.get(0).asDouble() < b.get(2).asDouble()
                    && b.get(2).asDouble() <= 48 && b.get(1).asDouble() < b.get(3).asDouble(), line);
                found++;
            }
        }
        assertEquals(boxes.boxes(), found);
        assertTrue(found > 0, "no box in 520 scenes");
        Path confident = dir.resolve("detected/confident.jsonl");
        DetectJob.Result kept = new DetectJob(spark).run(trained.output(), scenes, confident.toString(), 2, 0.5);
        long atLeastHalf = 0;
        for (String line : Files.readAllLines(confident)) {
            for (JsonNode d : json.readTree(line).get("detections")) {
                assertTrue(d.get("score").asDouble() >= 0.5, line);
                atLeastHalf++;
            }
        }
        assertEquals(kept.boxes(), atLeastHalf);
        assertTrue(atLeastHalf > 0 && atLeastHalf < found, atLeastHalf + " of " + found + " boxes kept at --min-score 0.5");
        Files.delete(confident);

        Path images = dir.resolve("images");
        Files.createDirectories(images);
        List<Row> rows = spark.read().parquet(Path.of(scenes, "test").toString()).limit(5).collectAsList();
        for (Row row : rows) {
            BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 48, 48, row.<byte[]>getAs("pixels"));
            ImageIO.write(image, "png", images.resolve(row.<String>getAs("record_id") + ".png").toFile());
        }
        Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3});
        Path picture = dir.resolve("detected/scenes.png");
        DetectJob.Result drawn = new DetectJob(spark).run(trained.output(), images.toString(), picture.toString(), 2);
        assertEquals(List.of(5L, 1L), List.of(drawn.images(), drawn.errors()));
        BufferedImage png = ImageIO.read(picture.toFile());
        assertEquals(List.of(4 * (3 * 48 + 4) + 4, 2 * (3 * 48 + 4) + 4), List.of(png.getWidth(), png.getHeight()));
        Path folderLines = dir.resolve("detected/folder.jsonl");
        new DetectJob(spark).run(trained.output(), images.toString(), folderLines.toString(), 2);
        List<String> folder = Files.readAllLines(folderLines);
        assertEquals(6, folder.size());
        assertTrue(folder.get(5).startsWith("{\"id\":\"broken.png\",\"error\":"), folder.get(5));
        try (var listed = Files.list(dir.resolve("detected"))) {
            assertEquals(List.of("boxes.jsonl", "folder.jsonl", "scenes.png"),
                listed.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList(),
                "no temporary file is left (the local file system's checksums aside)");
        }
    }

    @Test
    void detectWithFlipWritesTheBoxesASingleMachineDecodesFromTheMirrorAveragedOutput() throws IOException {
        Path flipped = dir.resolve("flipped.jsonl");
        new DetectJob(spark).run(trained.output(), scenes, flipped.toString(), 2, 0, true);
        Path plain = dir.resolve("plain.jsonl");
        new DetectJob(spark).run(trained.output(), scenes, plain.toString(), 2, 0, false);
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (String line : Files.readAllLines(flipped)) {
            JsonNode node = json.readTree(line);
            byId.put(node.get("id").asText(), node.get("detections"));
        }
        DetectionEvaluateJob.Detector detector = DetectionEvaluateJob.read(new org.apache.hadoop.fs.Path(trained.output()),
            spark.sparkContext().hadoopConfiguration()).orElseThrow();
        NeuralNetwork copy = NetworkBlueprint.of(detector.net()).build();
        NetworkState.of(detector.net()).applyTo(copy);
        List<DetectionEvaluator.ScoredImage> oracle = onDriver(copy, detector, detector.head());
        assertEquals(60, oracle.size());
        for (DetectionEvaluator.ScoredImage image : oracle) {
            JsonNode written = byId.get(image.id());
            assertEquals(image.detections().size(), written.size(), image.id() + ": " + written);
            for (int k = 0; k < written.size(); k++) {
                var expected = image.detections().get(k);
                JsonNode d = written.get(k);
                assertEquals(expected.classId(), d.get("classId").asInt(), image.id());
                assertEquals(expected.score(), d.get("score").asDouble(), 1e-6, image.id());
                assertEquals(expected.box().x1(), d.get("box").get(0).asDouble(), 1e-4, image.id());
                assertEquals(expected.box().x2(), d.get("box").get(2).asDouble(), 1e-4, image.id());
            }
        }
        // the switch changes the output: without it the scores are the plain network's
        assertFalse(Files.readAllLines(plain).equals(Files.readAllLines(flipped)), "flip changed no detection");
        Files.delete(flipped);
        Files.delete(plain);
    }

    @Test
    void detectAndEvaluateRefuseAClassifierOrClassShardsInOneLine() throws IOException {
        TrainResult classifier = train(TrainingConfig.builder().data(digits()).model("mlp").epochs(1)
            .output(dir.resolve("mlp").toString()).workers(1).batchSize(8).seed(1).build());
        String notDetector = assertThrows(UsageException.class, () -> new DetectJob(spark).run(classifier.output(),
            scenes, dir.resolve("x.jsonl").toString(), 1)).getMessage();
        assertTrue(notDetector.startsWith("--model ") && notDetector.contains("is not a detector"), notDetector);
        String classShards = assertThrows(UsageException.class, () -> new DetectionEvaluateJob(spark)
            .run(trained.output(), digits(), Split.TEST, null, 1)).getMessage();
        assertTrue(classShards.startsWith("--data " + digits()) && classShards.contains("detection shards"), classShards);
        String onScenes = assertThrows(UsageException.class, () -> new EvaluateJob(spark).run(classifier.output(),
            scenes, Split.TEST, null, 1)).getMessage();
        assertTrue(onScenes.startsWith("--data " + scenes) && onScenes.contains("not a detector"), onScenes);
        String extension = assertThrows(UsageException.class, () -> new DetectJob(spark).run(trained.output(), scenes,
            dir.resolve("x.txt").toString(), 1)).getMessage();
        assertTrue(extension.startsWith("--output ") && extension.contains(".jsonl"), extension);
        String score = assertThrows(UsageException.class, () -> new DetectJob(spark).run(trained.output(), scenes,
            dir.resolve("x.jsonl").toString(), 1, 1.5)).getMessage();
        assertTrue(score.startsWith("--min-score "), score);
        for (String line : List.of(notDetector, classShards, onScenes, extension, score)) {
            assertFalse(line.contains("\n"), line);
        }
        assertFalse(Files.exists(dir.resolve("x.jsonl")) || Files.exists(dir.resolve("x.txt")));
    }

    @Test
    void evaluateReportsTheMapsASingleMachineComputesFromTheSameDetections() throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DetectionEvaluateJob.Result result = new DetectionEvaluateJob(spark).run(trained.output(), scenes, Split.TEST,
            null, 3);
        DetectionEvaluateJob.Detector detector = DetectionEvaluateJob.read(new org.apache.hadoop.fs.Path(trained.output()),
            conf).orElseThrow();
        List<String> classes = detector.artifact().labelNames();
        // as the executors do: a network built from the blueprint, holding the artifact's parameters
        NeuralNetwork copy = NetworkBlueprint.of(detector.net()).build();
        NetworkState.of(detector.net()).applyTo(copy);
        DetectionReport single = DetectionEvaluator.report("test", onDriver(copy, detector), classes);
        assertEquals(single.metrics(), result.report().metrics());
        assertEquals(60L, result.report().images());
        double map50 = result.report().map50();
        YoloSpec spec = (YoloSpec) ModelCatalog.resolveAny(model, Map.of());
        NeuralNetwork untrained = spec.build(SHAPE, classes.size(), detector.head().priors(), spec.optimizer(), 11);
        double untrainedMap = DetectionEvaluator.report("test", onDriver(untrained, detector), classes).map50();
        assertTrue(map50 >= 0.8 && untrainedMap < 0.1, "test mAP@0.5 " + map50 + ", untrained " + untrainedMap + " "
            + onDriver(copy, detector).subList(0, 3));
        String json = Files.readString(local(result.output()));
        assertTrue(json.contains("\"map50to95\"") && json.contains("\"perClass\""), json);
        // flip test-time augmentation (the shapes are mirror-symmetric): its own file, and as good
        DetectionEvaluateJob.Result flipped = new DetectionEvaluateJob(spark).run(trained.output(), scenes, Split.TEST,
            null, 3, true);
        assertTrue(flipped.output().endsWith("metrics-test-tta-flip.json"), flipped.output());
        assertTrue(flipped.report().map50() >= 0.8, "test mAP@0.5 with flip TTA " + flipped.report().map50());
        assertTrue(result.report().table().contains("mAP@[0.5:0.95]"), result.report().table());
    }

    /** The local file of a Hadoop path or URI. */
    private static Path local(String uri) {
        return Path.of(new org.apache.hadoop.fs.Path(uri).toUri().getPath());
    }

    /** The test split's detections by {@code net}, computed on the driver over one partition. */
    private static List<DetectionEvaluator.ScoredImage> onDriver(NeuralNetwork net, DetectionEvaluateJob.Detector detector) {
        return onDriver(net, detector, null);
    }

    /** As {@link #onDriver(NeuralNetwork, DetectionEvaluateJob.Detector)}, flip-averaged by {@code flipOf} unless null. */
    private static List<DetectionEvaluator.ScoredImage> onDriver(NeuralNetwork net, DetectionEvaluateJob.Detector detector,
                                                                 io.dlspark.core.detect.yolo.YoloHead flipOf) {
        TrainingData one = TrainingData.load(DetectionCodec.rows(spark.read().parquet(Path.of(scenes, "test").toString())),
            1, 0, new DetectionCodec(SHAPE));
        try {
            return DetectionEvaluator.images(net, one.partitions().collect().get(0),
                new DetectionBatches(SHAPE, detector.head().grid(), null), detector.head().decoder(), flipOf);
        } finally {
            one.release();
        }
    }
}
