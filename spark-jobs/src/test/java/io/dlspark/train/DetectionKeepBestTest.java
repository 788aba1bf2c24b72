package io.dlspark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.inference.DetectionEvaluateJob;
import io.dlspark.jobs.ingest.SceneIngestJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --keep-best map} and {@code --patience} for a detector: the artifact is the epoch with the best validation
 * mAP@0.5 that {@code metrics.jsonl} records, the run stops {@code patience} epochs after it, and the settings that
 * make no sense fail before any side effect. The scenes are few and the learning rate high, so that validation mAP
 * goes up and down within a few epochs (with seed 11 and the head initialised as the backbone, it falls from epoch 2
 * to 3; training is deterministic for a seed).
 */
class DetectionKeepBestTest {
    private static final int EPOCHS = 6;
    private static final int PATIENCE = 1;
    private static final EpochSelection MAP_PATIENCE = new EpochSelection(EpochSelection.Metric.MAP, PATIENCE);

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static String scenes;
    private static String model;

    @BeforeAll
    static void scenes() throws IOException {
        spark = SparkTestSession.get();
        Path objects = DetectionTrainJobTest.writeShapes(dir.resolve("objects"));
        scenes = ingest(objects, dir.resolve("scenes"), 24);
        model = dir.resolve("yolo-test.conf").toString();
        // The trajectory below was picked with the model-wide (ReLU) initialisation of the head; with the default small
        // head this network's mAP rose in each of the 6 epochs, so nothing would test the stop.
        Files.writeString(Path.of(model), DetectionTrainJobTest.SPEC + "head-weight-std = 0\n");
    }

    /** 96 training scenes, {@code validation} validation scenes and no test scenes of the two shapes. */
    private static String ingest(Path objects, Path output, long validation) throws IOException {
        new SceneIngestJob(spark).run(new SceneIngestJob.Request(objects.toUri().toString(), output.toUri().toString(),
            7, 0.25, DetectionTrainJobTest.EASY, Map.of(Split.TRAIN, 96L, Split.VALIDATION, validation), 2, false));
        return output.toString();
    }

    private static TrainingConfig config(String data, String output, EpochSelection selection) {
        return TrainingConfig.builder().data(data).model(model).epochs(EPOCHS).output(output).workers(2).batchSize(8)
            .averagingFrequency(2).seed(11).optimizer(new OptimizerConfig("adam", 2e-2)).selection(selection).build();
    }

    private static TrainResult train(TrainingConfig config) throws IOException {
        return new TrainJob(spark, new PrintWriter(new StringWriter())).run(config);
    }

    /** Each logged epoch's validation mAP@0.5, in order. */
    private static List<Double> loggedMap50(String output) throws IOException {
        List<Double> maps = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(Path.of(output, MetricsLog.FILE))) {
            JsonNode node = json.readTree(line);
            assertEquals(maps.size() + 1, node.get("epoch").asInt(), line);
            maps.add(node.get("validationMap50").asDouble());
        }
        return maps;
    }

    /** The 1-based epoch with the highest mAP among the first {@code upTo} (the earliest on ties). */
    private static int highest(List<Double> maps, int upTo) {
        int best = 1;
        for (int e = 2; e <= upTo; e++) {
            if (maps.get(e - 1) > maps.get(best - 1)) {
                best = e;
            }
        }
        return best;
    }

    private static ModelArtifactManifest manifest(String output) throws IOException {
        Path file = Path.of(output, ModelArtifactManifest.FILE_NAME);
        return Json.read(Files.readString(file), ModelArtifactManifest.class, file.toString());
    }

    private static float[] params(Path modelFile) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), false);
        return net.params().toFloatVector();
    }

    @Test
    void keepsTheEpochWithTheBestValidationMapAndStopsAfterPatience() throws IOException {
        String out = dir.resolve("best").toString();
        TrainResult result = train(config(scenes, out, MAP_PATIENCE));
        List<Double> maps = loggedMap50(out);
        int trained = maps.size();
        int kept = highest(maps, trained);
        assertTrue(trained < EPOCHS, "validation mAP@0.5 stopped improving and the run stopped early: " + maps);
        assertEquals(kept + PATIENCE, trained, "stopped " + PATIENCE + " epochs after the best one: " + maps);
        for (int e = 1; e < trained; e++) {
            assertTrue(e - highest(maps, e) < PATIENCE, "no stop condition before epoch " + trained + ": " + maps);
        }

        ModelArtifactManifest manifest = manifest(out);
        assertEquals("map", manifest.training().keepBest());
        assertEquals(PATIENCE, manifest.training().patience());
        assertEquals(kept, ((Number) manifest.finalMetrics().get("keptEpoch")).intValue());
        assertEquals(trained, ((Number) manifest.finalMetrics().get("epochsTrained")).intValue());
        assertEquals(maps.get(kept - 1), ((Number) manifest.finalMetrics().get("validationMap50")).doubleValue(), 1e-12);

        // The saved model, evaluated again from its file, scores the kept epoch's mAP; its weights are not the last
        // epoch's checkpoint.
        double evaluated = new DetectionEvaluateJob(spark).run(out, scenes, Split.VALIDATION,
            dir.resolve("evaluated.json").toString(), 2).report().map50();
        assertEquals(maps.get(kept - 1), evaluated, 1e-12, "evaluated " + evaluated + ", logged " + maps);
        float[] saved = params(Path.of(out, ModelArtifactManifest.MODEL_FILE));
        assertArrayEquals(result.state().params(), saved);
        float[] last = params(Path.of(out, "checkpoints", String.format("epoch-%05d-round-000000", trained),
            ModelArtifactManifest.MODEL_FILE));
        assertFalse(Arrays.equals(last, saved), "the artifact is the best epoch's network, not the last one's");
    }

    @Test
    void aResumedRunRebuildsTheBestEpochFromTheLoggedMap(@TempDir Path output) throws IOException {
        Files.writeString(output.resolve(MetricsLog.FILE), String.join("\n",
            "{\"epoch\":1,\"validationLoss\":null,\"validationAccuracy\":null,\"validationMap50\":null}",
            "{\"epoch\":2,\"validationLoss\":null,\"validationAccuracy\":null,\"validationMap50\":0.41}",
            "{\"epoch\":3,\"validationLoss\":null,\"validationAccuracy\":null,\"validationMap50\":0.63}",
            "{\"epoch\":4,\"validationLoss\":null,\"validationAccuracy\":null,\"validationMap50\":0.63}",
            "{\"epoch\":5,\"validationLoss\":null,\"validationAccuracy\":null,\"validationMap50\":0.58}") + "\n");
        MetricsLog log = new MetricsLog(new org.apache.hadoop.fs.Path(output.toUri()),
            spark.sparkContext().hadoopConfiguration(), 5);
        BestEpoch best = new BestEpoch(new EpochSelection(EpochSelection.Metric.MAP, 2), log.epochs());
        assertEquals(List.of(3, 0.63, 2), List.of(best.epoch(), best.value(), best.epochsSinceBest()),
            "highest mAP wins, the earliest on ties; a null (NaN) mAP loses to any number");
        assertTrue(best.exhausted());
        BestEpoch patient = new BestEpoch(new EpochSelection(EpochSelection.Metric.MAP, 3), log.epochs());
        assertFalse(patient.exhausted(), "3 epochs of patience are not used up after 2");
    }

    @Test
    void settingsThatMakeNoSenseFailNamingTheOptionBeforeAnySideEffect() throws IOException {
        String out = dir.resolve("refused").toString();
        String accuracy = assertThrows(UsageException.class, () -> train(config(scenes, out,
            EpochSelection.parse("accuracy", 0, "--keep-best", "--patience")))).getMessage();
        assertEquals("--keep-best accuracy: a detector's validation measures mAP, not accuracy; keep its best epoch "
            + "with --keep-best map", accuracy);

        String noValidation = ingest(dir.resolve("objects"), dir.resolve("no-validation"), 0);
        String missing = assertThrows(UsageException.class, () -> train(config(noValidation, out, MAP_PATIENCE)))
            .getMessage();
        assertTrue(missing.startsWith("--keep-best map: the shard set ") && missing.endsWith(" has no validation split "
            + "to pick the epoch by (ingest with --validation-scenes > 0, or --val-fraction > 0 for VOC)"), missing);

        String digits = MnistLikeShards.ingest(spark, dir.resolve("digits"), 60, 10, 3, 0.2);
        String classifier = assertThrows(UsageException.class, () -> train(TrainingConfig.builder().data(digits)
            .model("mlp").epochs(2).output(out).workers(2).batchSize(16).selection(MAP_PATIENCE).build())).getMessage();
        assertEquals("--keep-best map: ranks a detector's epochs (kind = yolo) by validation mAP@0.5; --model mlp is "
            + "not a detector (keep its best epoch by loss or accuracy)", classifier);
        assertFalse(Files.exists(Path.of(out)), "a refused run creates no output folder");
    }
}
