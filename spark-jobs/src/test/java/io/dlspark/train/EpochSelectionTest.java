package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import org.apache.hadoop.fs.Path;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --keep-best} and {@code --patience}: the artifact holds the epoch with the best validation metric, the run
 * stops after {@code patience} epochs without a better one, and a resumed run keeps and stops as an uninterrupted
 * one. Half of the fixture's training labels are noise and the learning rate is high, so the network memorises the
 * noise and validation loss turns upwards within a few epochs.
 */
class EpochSelectionTest {
    private static final int EPOCHS = 12;
    private static final EpochSelection LOSS_PATIENCE_2 = new EpochSelection(EpochSelection.Metric.LOSS, 2);
    private static SparkSession spark;
    private static String shards;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    /** The MNIST-like fixture with half of its training labels drawn at random, so that a network overfits it. */
    @BeforeAll
    static void noisyData() throws IOException {
        spark = SparkTestSession.get();
        java.nio.file.Path raw = IdxFixtures.writeMnistLike(shared.resolve("raw"), 300, 40, 21);
        int[] labels = IdxFixtures.labels(300, 10, 21);
        Random noise = new Random(5);
        byte[] noisy = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            noisy[i] = (byte) (noise.nextBoolean() ? noise.nextInt(10) : labels[i]);
        }
        IdxFixtures.gzip(raw.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.idx(new int[] {300}, noisy));
        shards = MnistLikeShards.ingestRaw(spark, raw, shared.resolve("shards"), 0.2);
    }

    private static TrainingConfig request(String output, int epochs, boolean resume, EpochSelection selection) {
        return TrainingConfig.builder().data(shards).model("mlp").epochs(epochs).output(output).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(new OptimizerConfig("adam", 2e-2)).resume(resume).overwrite(false).checkpointEveryRounds(0).selection(selection).build();
    }

    private static TrainResult train(TrainingConfig request, ParameterAveragingMaster.RoundListener listener)
        throws IOException {
        return new TrainJob(spark, new PrintWriter(new StringWriter())).run(request, listener);
    }

    private static List<EpochMetrics> lines(String output) throws IOException {
        return MetricsLog.read(new Path(output), spark.sparkContext().hadoopConfiguration());
    }

    private static ModelArtifactManifest manifest(String output) throws IOException {
        java.nio.file.Path file = java.nio.file.Path.of(output, ModelArtifactManifest.FILE_NAME);
        return Json.read(Files.readString(file), ModelArtifactManifest.class, file.toString());
    }

    /** The 1-based epoch with the lowest validation loss among the first {@code upTo} (the earliest on ties). */
    private static int lowestLoss(List<EpochMetrics> epochs, int upTo) {
        int best = 1;
        for (int e = 2; e <= upTo; e++) {
            if (epochs.get(e - 1).validationLoss() < epochs.get(best - 1).validationLoss()) {
                best = e;
            }
        }
        return best;
    }

    @Test
    void keepsTheEpochWithTheLowestValidationLossAndStopsAfterPatience() throws Exception {
        String out = dir.resolve("best").toString();
        TrainResult result = train(request(out, EPOCHS, false, LOSS_PATIENCE_2), s -> { });
        List<EpochMetrics> epochs = lines(out);
        int trained = epochs.size();
        assertTrue(trained < EPOCHS, "validation loss turned upwards and the run stopped early: " + epochs.stream()
            .map(EpochMetrics::validationLoss).toList());
        int kept = lowestLoss(epochs, trained);
        assertEquals(kept + 2, trained, "stopped 2 epochs after the best one");
        for (int e = 1; e < trained; e++) {
            assertTrue(e - lowestLoss(epochs, e) < 2, "no stop condition before epoch " + trained);
        }

        ModelArtifactManifest manifest = manifest(out);
        assertEquals(kept, ((Number) manifest.finalMetrics().get("keptEpoch")).intValue());
        assertEquals(trained, ((Number) manifest.finalMetrics().get("epochsTrained")).intValue());
        assertEquals(epochs.get(kept - 1).validationLoss(),
            ((Number) manifest.finalMetrics().get("validationLogLoss")).doubleValue(), 1e-9);
        assertEquals("loss", manifest.training().keepBest());
        assertEquals(2, manifest.training().patience());

        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(
            java.nio.file.Path.of(out, ModelArtifactManifest.MODEL_FILE).toFile(), true);
        assertArrayEquals(result.state().params(), saved.params().toFloatVector());
        MultiLayerNetwork last = ModelSerializer.restoreMultiLayerNetwork(java.nio.file.Path.of(out, "checkpoints",
            String.format("epoch-%05d-round-000000", trained), ModelArtifactManifest.MODEL_FILE).toFile(), true);
        assertFalse(Arrays.equals(last.params().toFloatVector(), saved.params().toFloatVector()),
            "the artifact is the best epoch's network, not the last one's");
    }

    @Test
    void resumedRunKeepsAndStopsAsAnUninterruptedOne() throws Exception {
        TrainResult uninterrupted = train(request(dir.resolve("full").toString(), EPOCHS, false, LOSS_PATIENCE_2), s -> { });
        int kept = ((Number) manifest(dir.resolve("full").toString()).finalMetrics().get("keptEpoch")).intValue();

        String out = dir.resolve("interrupted").toString();
        assertThrows(IllegalStateException.class, () -> train(request(out, EPOCHS, false, LOSS_PATIENCE_2), s -> {
            if (s.epoch() == kept && s.round() == 0) {
                throw new IllegalStateException("simulated crash after the best epoch");
            }
        }));
        TrainResult resumed = train(request(out, EPOCHS, true, LOSS_PATIENCE_2), s -> { });
        assertArrayEquals(uninterrupted.state().params(), resumed.state().params());
        assertEquals(kept, ((Number) manifest(out).finalMetrics().get("keptEpoch")).intValue());
        assertEquals(manifest(dir.resolve("full").toString()).finalMetrics().get("validationLogLoss"),
            manifest(out).finalMetrics().get("validationLogLoss"), "the kept epoch, evaluated again after the resume");
        assertEquals(lines(dir.resolve("full").toString()).size(), lines(out).size());

        TrainResult again = train(request(out, EPOCHS, true, LOSS_PATIENCE_2), s -> {
            throw new IllegalStateException("a finished run trains no more");
        });
        assertArrayEquals(uninterrupted.state().params(), again.state().params());
    }

    @Test
    void selectionErrorsNameTheOption() throws IOException {
        String noValidation = MnistLikeShards.ingest(spark, dir.resolve("no-validation"), 60, 10, 3, 0.0);
        TrainingConfig withoutValidation = TrainingConfig.builder().data(noValidation).model("mlp").epochs(2).output(dir.resolve("nv").toString()).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(null).resume(false).overwrite(false).checkpointEveryRounds(0).selection(new EpochSelection(EpochSelection.Metric.ACCURACY, 0)).build();
        UsageException e = assertThrows(UsageException.class, () -> train(withoutValidation, s -> { }));
        assertTrue(e.getMessage().startsWith("--keep-best accuracy: the shard set ") && e.getMessage().contains(
            "has no validation split"), e.getMessage());

        assertEquals("--keep-best: expected last, loss, accuracy or map, got 'best'", assertThrows(UsageException.class,
            () -> EpochSelection.parse("best", 0, "--keep-best", "--patience")).getMessage());
        assertEquals("--patience needs --keep-best loss, accuracy or map: it counts epochs without a better one",
            assertThrows(UsageException.class, () -> EpochSelection.parse("last", 3, "--keep-best", "--patience"))
                .getMessage());
        assertEquals("--patience: must be >= 0, got -1", assertThrows(UsageException.class,
            () -> EpochSelection.parse("loss", -1, "--keep-best", "--patience")).getMessage());

        String out = dir.resolve("began-without").toString();
        train(request(out, 2, false, EpochSelection.LAST), s -> { });
        UsageException mismatch = assertThrows(UsageException.class,
            () -> train(request(out, 4, true, LOSS_PATIENCE_2), s -> { }));
        assertTrue(mismatch.getMessage().contains("the best-epoch checkpoint holds none"), mismatch.getMessage());

        TrainingConfig generative = TrainingConfig.builder().data(shards).model("vae-mlp").epochs(1).output(dir.resolve("vae").toString()).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(null).resume(false).overwrite(false).checkpointEveryRounds(0).selection(new EpochSelection(EpochSelection.Metric.ACCURACY, 0)).build();
        String refused = assertThrows(UsageException.class, () -> train(generative, s -> { })).getMessage();
        assertTrue(refused.startsWith("--keep-best accuracy: a generative model keeps its best epoch by validation loss"),
            refused);
        assertFalse(Files.exists(dir.resolve("vae")), "a refused run creates no output folder");
    }
}
