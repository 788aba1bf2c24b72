package io.dlspark.train;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.ClassSubset;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.transfer.Transfer;
import io.dlspark.core.transfer.TransferSettings;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark transfer} through the parameter-averaging master, on a base trained by {@code dlspark train}. */
class TransferJobTest {
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    private static String base;
    private static String newTask;

    @BeforeAll
    static void baseModelAndNewTask() throws IOException {
        spark = SparkTestSession.get();
        java.nio.file.Path raw = IdxFixtures.writeMnistLike(shared.resolve("raw"), 300, 60, 5);
        String all = shared.resolve("all").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, raw.toString(), all,
            new IngestOptions(0.2, 3, null, ResizeMode.NONE, null), 2, 0.0, false));
        base = shared.resolve("base").toString();
        new TrainJob(spark, quiet()).run(new TrainRequest(all, "mlp", 1, base, 2,
            new TrainRequest.TrainingSettingsInput(16, 2, 2, 11, 0, 1), OptimizerConfig.adam(1e-3), false, false, 0));
        newTask = shared.resolve("new-task").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, raw.toString(), newTask,
            new IngestOptions(0.0, 3, null, ResizeMode.NONE, null), 2, 0.0, false,
            new ClassSubset(List.of(7, 8, 9), 12, 4)));
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    private static TransferJob.Request request(String data, String output, String freezeThrough, int epochs, int unfreezeAfter) {
        OptimizerConfig fineTune = OptimizerConfig.adam(3e-3);
        return new TransferJob.Request(base, new TransferSettings(freezeThrough, true, fineTune, unfreezeAfter, 2),
            new TrainRequest(data, base, epochs, output, 2, new TrainRequest.TrainingSettingsInput(8, 2, 2, 2, 0, 1),
                fineTune, false, false, 0));
    }

    private static MultiLayerNetwork load(String artifact) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(new java.io.File(artifact, "model.zip"), true);
    }

    @Test
    void subsetShardsAreRelabelledLimitedAndRecorded() throws IOException {
        ShardManifest manifest = ManifestIo.read(new Path(newTask), spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of("Sneaker", "Bag", "Ankle boot"), manifest.labelNames());
        assertArrayEquals(new long[] {12, 12, 12}, manifest.splits().get("train").perClass());
        assertEquals(List.of(7, 8, 9), manifest.subset().originalLabels());
        assertEquals(12, manifest.subset().perClassLimit());
    }

    @Test
    void frozenLayersStayBitIdenticalThroughTheMasterAndTheHeadHasTheNewClassCount() throws Exception {
        String out = dir.resolve("tuned").toString();
        TrainResult result = new TransferJob(spark, quiet()).run(request(newTask, out, "0", 3, 0));
        MultiLayerNetwork before = load(base);
        MultiLayerNetwork after = load(out);
        assertArrayEquals(before.getLayer(0).params().toFloatVector(), after.getLayer(0).params().toFloatVector(),
            "frozen layer 0 after 3 epochs of averaging rounds");
        assertFalse(Arrays.equals(before.getLayer(1).params().toFloatVector(), after.getLayer(1).params().toFloatVector()),
            "the trainable layer learned");
        assertEquals(3, Transfer.classCount(after));
        assertEquals(List.of(0), Transfer.frozenLayers(after), "the saved model keeps its frozen layer");
        assertArrayEquals(result.state().params(), after.params().toFloatVector(), "round trip through model.zip");

        ModelArtifactManifest manifest = Json.read(Files.readString(dir.resolve("tuned/manifest.json")),
            ModelArtifactManifest.class, "manifest");
        assertEquals(List.of("Sneaker", "Bag", "Ankle boot"), manifest.labelNames());
        assertEquals(base, manifest.transfer().baseUri());
        assertEquals("dlspark", manifest.transfer().baseFormat());
        assertEquals(10, manifest.transfer().baseLabelNames().size());
        assertEquals(64, manifest.transfer().baseSha256().length());
        assertEquals(List.of(0), manifest.transfer().frozenLayers());
        assertEquals(3e-3, ((Number) manifest.training().get("learningRate")).doubleValue(), 1e-12);
        assertEquals(3, new EvaluateJob(spark).run(out, newTask, io.dlspark.core.shard.Split.TEST, null, 2).report()
            .confusionMatrix().length, "the transferred artifact evaluates like any other");
    }

    @Test
    void gradualUnfreezingTrainsTheDeepestFrozenLayerFromTheGivenEpoch() throws Exception {
        String out = dir.resolve("unfreeze").toString();
        new TransferJob(spark, quiet()).run(request(newTask, out, "1", 2, 1));
        MultiLayerNetwork before = load(base);
        MultiLayerNetwork after = load(out);
        assertEquals(List.of(0), Transfer.frozenLayers(after), "layer 1 was unfrozen after epoch 1");
        assertArrayEquals(before.getLayer(0).params().toFloatVector(), after.getLayer(0).params().toFloatVector());
        assertFalse(Arrays.equals(before.getLayer(1).params().toFloatVector(), after.getLayer(1).params().toFloatVector()));
    }

    @Test
    void incompatibleInputShapeIsAUsageErrorNamingBothShapesBeforeAnySparkJob() throws IOException {
        java.nio.file.Path raw = Files.createDirectories(dir.resolve("raw14"));
        int[] labels = IdxFixtures.labels(20, 10, 1);
        byte[] labelBytes = new byte[20];
        for (int i = 0; i < 20; i++) {
            labelBytes[i] = (byte) labels[i];
        }
        IdxFixtures.gzip(raw.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.idx(new int[] {20, 14, 14},
            IdxFixtures.images(20, 14, labels, 1)));
        IdxFixtures.gzip(raw.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.idx(new int[] {20}, labelBytes));
        String small = dir.resolve("small").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.IDX, raw.toString(), small, IngestOptions.defaults(),
            1, 0.0, false));
        int jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
        UsageException e = assertThrows(UsageException.class,
            () -> new TransferJob(spark, quiet()).run(request(small, dir.resolve("o").toString(), "0", 1, 0)));
        assertTrue(e.getMessage().contains("28x28x1") && e.getMessage().contains("14x14x1"), e.getMessage());
        assertEquals(jobsBefore, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length, "no Spark job ran");
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }

    @Test
    void cliReportsAMissingBaseAsAUsageError() {
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "transfer", "--base",
            dir.resolve("nothing").toString(), "--data", newTask, "--output", dir.resolve("o").toString(), "--replace-head");
        assertEquals(DlsparkCli.EXIT_USAGE, code);
        assertTrue(err.toString().contains("nothing") && err.toString().contains("manifest.json"), err.toString());
    }
}
