package io.dlspark.train;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
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
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
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
        String all = MnistLikeShards.ingest(spark, shared, 300, 60, 5);
        java.nio.file.Path raw = shared.resolve("raw");
        base = shared.resolve("base").toString();
        new TrainJob(spark, quiet()).run(TrainingConfig.builder().data(all).model("mlp").epochs(1).output(base).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(1e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build());
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
            TrainingConfig.builder().data(data).model(base).epochs(epochs).output(output).workers(2).batchSize(8).averagingFrequency(2).treeDepth(2).seed(2).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(fineTune).resume(false).overwrite(false).checkpointEveryRounds(0).build());
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
        assertEquals(3e-3, manifest.training().learningRate(), 1e-12);
        assertEquals(3, new EvaluateJob(spark).run(out, newTask, io.dlspark.core.shard.Split.TEST, null, 2).report()
            .confusionMatrix().length, "the transferred artifact evaluates like any other");
    }

    @Test
    void frozenLayersAreReportedFrozenNotVanishing() throws Exception {
        StringWriter console = new StringWriter();
        TrainResult result = new TransferJob(spark, new PrintWriter(console)).run(
            request(newTask, dir.resolve("report").toString(), "1", 1, 0));
        String table = console.toString().substring(console.toString().indexOf("gradients per layer"));
        assertFalse(table.contains("VANISHING"), table);
        assertTrue(table.lines().filter(l -> l.startsWith("0 ") || l.startsWith("1 ")).allMatch(l -> l.endsWith("FROZEN")),
            table);
        assertTrue(table.lines().filter(l -> l.startsWith("2 ")).noneMatch(l -> l.endsWith("FROZEN")), table);
        assertEquals(List.of(true, true, false), result.epochs().get(0).gradients().stream()
            .map(io.dlspark.core.train.GradientSums.LayerGradients::frozen).toList(), "metrics.jsonl marks them too");
    }

    @Test
    void gradualUnfreezingTrainsTheDeepestFrozenLayerFromTheGivenEpoch() throws Exception {
        String out = dir.resolve("unfreeze").toString();
        TrainResult result = new TransferJob(spark, quiet()).run(request(newTask, out, "1", 2, 1));
        assertEquals(List.of(true, true, false), result.epochs().get(0).gradients().stream()
            .map(io.dlspark.core.train.GradientSums.LayerGradients::frozen).toList());
        assertEquals(List.of(true, false, false), result.epochs().get(1).gradients().stream()
            .map(io.dlspark.core.train.GradientSums.LayerGradients::frozen).toList(), "layer 1 trains in epoch 2");
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
    void aTrainedNetworkTakesNoModelOverridesNamedBeforeAnythingIsWritten() {
        TransferJob.Request plain = request(newTask, dir.resolve("pooled").toString(), "0", 1, 0);
        TransferJob.Request pooled = new TransferJob.Request(plain.base(), plain.transfer(),
            plain.train().toBuilder().modelOverrides(java.util.Map.of("pooling", "mean")).build());
        UsageException e = assertThrows(UsageException.class, () -> new TransferJob(spark, quiet()).run(pooled));
        assertTrue(e.getMessage().startsWith("model override pooling: --base ") && e.getMessage().endsWith(
            " is a trained network, built as it was saved; only a pretrained encoder's head takes overrides (--pooling, --windows)"),
            e.getMessage());
        assertFalse(Files.exists(dir.resolve("pooled")), "nothing written");
    }

    @Test
    void colourDataOfAnotherSizeNeedsTheInputAdapterAndTrainsWithIt() throws Exception {
        java.nio.file.Path raw = dir.resolve("rgb32");
        java.util.Random random = new java.util.Random(5);
        for (String label : List.of("red", "green", "blue")) {
            java.nio.file.Path folder = Files.createDirectories(raw.resolve(label));
            for (int i = 0; i < 8; i++) {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        image.setRGB(x, y, random.nextInt(1 << 24));
                    }
                }
                javax.imageio.ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
        String rgb = dir.resolve("rgb-shards").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.IMAGE_FOLDER, raw.toString(), rgb,
            new IngestOptions(0.25, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
        TransferJob.Request plain = request(rgb, dir.resolve("no-adapter").toString(), "0", 1, 0);

        UsageException e = assertThrows(UsageException.class, () -> new TransferJob(spark, quiet()).run(plain));
        assertTrue(e.getMessage().contains("28x28x1") && e.getMessage().contains("32x32x3")
            && e.getMessage().contains("--input-adapter resize,rgb-to-grey"), e.getMessage());
        UsageException partial = assertThrows(UsageException.class, () -> new TransferJob(spark, quiet()).run(
            new TransferJob.Request(plain.base(), plain.transfer(), plain.train(), java.util.Set.of(InputAdapter.Step.RESIZE))));
        assertTrue(partial.getMessage().contains("missing: rgb-to-grey"), partial.getMessage());

        String out = dir.resolve("adapted").toString();
        TransferJob.Request adapted = request(rgb, out, "0", 2, 0);
        new TransferJob(spark, quiet()).run(new TransferJob.Request(adapted.base(), adapted.transfer(), adapted.train(),
            InputAdapter.parseSteps("resize,rgb-to-grey", "--input-adapter")));
        assertArrayEquals(load(base).getLayer(0).params().toFloatVector(), load(out).getLayer(0).params().toFloatVector(),
            "frozen layer 0 on adapted records");
        ModelArtifactManifest manifest = Json.read(Files.readString(dir.resolve("adapted/manifest.json")),
            ModelArtifactManifest.class, "manifest");
        assertEquals(new InputAdapter(new ImageShape(32, 32, 3), new ImageShape(28, 28, 1)), manifest.inputAdapter());
        assertEquals(new ImageShape(32, 32, 3), manifest.inputShape(), "the artifact takes the data's records");
        assertEquals(new ImageShape(32, 32, 3), manifest.preprocessing().recordShape());
        assertEquals(manifest.inputAdapter(), manifest.preprocessing().adapter(), "records are adapted before scaling");
        assertEquals(28 * 28, manifest.preprocessing().shape().stream().mapToInt(Integer::intValue).reduce(1, (x, y) -> x * y),
            "the network takes the adapted shape");
        assertEquals(3, new EvaluateJob(spark).run(out, rgb, io.dlspark.core.shard.Split.VALIDATION, null, 1).report()
            .confusionMatrix().length, "evaluation applies the recorded adapter");
    }

    @Test
    void featuresOnlyWritesTheFrozenNetworksFeaturesPerSplitAndAnMlpHeadTrainsOnThem() throws Exception {
        String features = dir.resolve("features").toString();
        StringWriter console = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(console), new PrintWriter(new StringWriter()), "transfer", "--base", base, "--data", newTask, "--output", features, "--features-only");
        assertEquals(DlsparkCli.EXIT_OK, code, console.toString());
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        ShardManifest images = ManifestIo.read(new Path(newTask), conf);
        ShardManifest manifest = ManifestIo.read(new Path(features), conf);
        MultiLayerNetwork net = load(base);
        int featureSize = (int) net.getLayer(net.getnLayers() - 2).getParam("W").columns();
        assertEquals(io.dlspark.core.shard.RecordFormat.FEATURES_FLOAT32, manifest.recordFormat());
        assertEquals(new ImageShape(1, featureSize, 1), manifest.shape(), "the manifest records the feature size");
        assertEquals(images.labelNames(), manifest.labelNames());
        for (io.dlspark.core.shard.Split split : io.dlspark.core.shard.Split.values()) {
            assertEquals(images.count(split), manifest.count(split), split.dirName());
        }

        org.apache.spark.sql.Row written = spark.read().parquet(features + "/test").orderBy("record_id").first();
        org.apache.spark.sql.Row image = spark.read().parquet(newTask + "/test")
            .filter(org.apache.spark.sql.functions.col("record_id").equalTo(written.getString(0))).first();
        byte[] pixels = (byte[]) image.getAs("pixels");
        float[] input = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            input[i] = (pixels[i] & 0xFF) / 255f;
        }
        float[] expected = net.feedForwardToLayer(net.getnLayers() - 2, org.nd4j.linalg.factory.Nd4j.create(input, new long[] {1, input.length}, 'c'), false)
            .get(net.getnLayers() - 1).toFloatVector();
        List<Float> actual = written.getList(written.fieldIndex("features"));
        assertEquals(featureSize, actual.size());
        for (int i = 0; i < featureSize; i++) {
            assertEquals(expected[i], actual.get(i), 1e-5f, "feature " + i + " of " + written.getString(0));
        }

        String head = dir.resolve("head").toString();
        TrainResult trained = new TrainJob(spark, quiet()).run(TrainingConfig.builder().data(features).model("mlp").epochs(3).output(head).workers(2).batchSize(8).averagingFrequency(2).treeDepth(2).seed(5).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(3e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build());
        assertEquals(featureSize, load(head).getLayer(0).getParam("W").rows(), "the head takes the feature vectors");
        assertEquals(3, Transfer.classCount(load(head)));
        io.dlspark.core.artifact.InputPreprocessing vectors = Json.read(Files.readString(dir.resolve("head/manifest.json")),
            ModelArtifactManifest.class, "manifest").preprocessing();
        assertEquals(io.dlspark.core.artifact.InputPreprocessing.vectors(featureSize), vectors,
            "the head takes the feature vectors as they are");
        assertTrue(trained.epochs().get(2).trainLoss() < trained.epochs().get(0).trainLoss(), "the head learns");
        assertEquals(3, new EvaluateJob(spark).run(head, features, io.dlspark.core.shard.Split.TEST, null, 2).report()
            .confusionMatrix().length);
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
