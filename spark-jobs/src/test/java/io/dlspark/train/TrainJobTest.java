package io.dlspark.train;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.Split;
import io.dlspark.engine.ParameterAveragingMaster;
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

class TrainJobTest {
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    private static String shards;
    private static final String FASHION_MNIST_CONF =
        java.nio.file.Path.of("..", "conf", "augment", "fashion-mnist.conf").toString();

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        shards = MnistLikeShards.ingest(spark, shared, 300, 60, 21);
    }

    private static TrainingConfig request(String output, int epochs, boolean resume, int checkpointEvery, double lr) {
        return TrainingConfig.builder().data(shards).model("mlp").epochs(epochs).output(output).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(new OptimizerConfig("adam", lr)).resume(resume).overwrite(false).checkpointEveryRounds(checkpointEvery).build();
    }

    private static TrainResult train(TrainingConfig request, ParameterAveragingMaster.RoundListener listener) throws IOException {
        return new TrainJob(spark, new PrintWriter(new StringWriter())).run(request, listener);
    }

    @Test
    void trainsAndWritesArtifactMetricsAndCheckpoints() throws Exception {
        String out = dir.resolve("model").toString();
        TrainResult result = train(request(out, 2, false, 0, 1e-3), s -> { });
        assertEquals(2, result.epochs().size());
        assertEquals(240, result.epochs().get(0).samples(), "every training record once per epoch");
        assertTrue(result.epochs().get(1).validationAccuracy() > 0.5, "the classes of the fixture are learnable");
        List<EpochMetrics> lines = MetricsLog.read(new Path(out), spark.sparkContext().hadoopConfiguration());
        assertEquals(2, lines.size());
        assertEquals(List.of("0", "1", "2"), lines.get(1).gradients().stream().map(g -> g.layer()).toList(),
            "per-layer gradient figures of the mlp's two hidden layers and output layer");
        assertTrue(lines.get(1).gradients().stream().allMatch(g -> g.gradientNorm() > 0 && g.updateRatio() > 0));
        ModelArtifactManifest manifest = Json.read(Files.readString(dir.resolve("model/manifest.json")),
            ModelArtifactManifest.class, "manifest");
        assertEquals("mlp", manifest.model());
        assertEquals(10, manifest.labelNames().size());
        assertEquals(64, manifest.data().manifestSha256().length());
        assertEquals(11L, manifest.training().seed());
        assertTrue(manifest.versions().containsKey("spark"));
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("model/model.zip").toFile(), true);
        assertArrayEquals(result.state().params(), net.params().toFloatVector());
        assertTrue(Files.exists(dir.resolve("model/checkpoints/epoch-00002-round-000000/model.zip")));
    }

    @Test
    void linearLearningRateScalingTrainsExactlyAsTheScaledRateDoes() throws Exception {
        TrainingConfig scaled = TrainingConfig.builder().data(shards).model("mlp").epochs(1).output(dir.resolve("lr-scaled").toString()).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).learningRateScaling(LearningRateScaling.LINEAR).optimizer(new OptimizerConfig("adam", 1e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build();
        TrainResult linear = train(scaled, s -> { });
        TrainResult doubled = train(request(dir.resolve("lr-doubled").toString(), 1, false, 0, 2e-3), s -> { });
        TrainResult plain = train(request(dir.resolve("lr-plain").toString(), 1, false, 0, 1e-3), s -> { });
        assertArrayEquals(doubled.state().params(), linear.state().params(), "2 workers x 1e-3 = 2e-3");
        assertFalse(java.util.Arrays.equals(plain.state().params(), linear.state().params()));
        ModelArtifactManifest manifest = Json.read(Files.readString(dir.resolve("lr-scaled/manifest.json")),
            ModelArtifactManifest.class, "manifest");
        assertEquals(2e-3, manifest.training().learningRate(), 1e-12);
        assertEquals("linear", manifest.training().learningRateScaling());
        assertEquals("jobs", manifest.training().exchange());

        TrainingConfig generative = scaled.toBuilder().model("vae-mlp").output(dir.resolve("lr-vae").toString()).optimizer(null).build();
        UsageException e = assertThrows(UsageException.class, () -> train(generative, s -> { }));
        assertTrue(e.getMessage().startsWith("--lr-scaling: applies to classifiers"), e.getMessage());
    }

    @Test
    void resumedRunEndsWithTheParametersOfAnUninterruptedOne() throws Exception {
        TrainResult uninterrupted = train(request(dir.resolve("full").toString(), 2, false, 0, 1e-3), s -> { });

        String out = dir.resolve("interrupted").toString();
        RuntimeException crash = assertThrows(RuntimeException.class, () -> train(request(out, 2, false, 2, 1e-3), s -> {
            if (s.epoch() == 1 && s.round() == 2) {
                throw new IllegalStateException("simulated crash");
            }
        }));
        assertEquals("simulated crash", crash.getMessage());
        assertTrue(Files.exists(dir.resolve("interrupted/checkpoints/epoch-00001-round-000002")),
            "a mid-epoch checkpoint to resume from");
        TrainResult resumed = train(request(out, 2, true, 2, 1e-3), s -> { });
        assertArrayEquals(uninterrupted.state().params(), resumed.state().params());
        assertArrayEquals(uninterrupted.state().updater(), resumed.state().updater());
        assertEquals(2, MetricsLog.read(new Path(out), spark.sparkContext().hadoopConfiguration()).size());
    }

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        String out = dir.resolve("ckpt").toString();
        train(request(out, 1, false, 2, 1e-3), s -> { });
        java.nio.file.Path newest;
        try (var list = Files.list(dir.resolve("ckpt/checkpoints"))) {
            newest = list.filter(p -> !p.getFileName().toString().startsWith(".")).max(java.util.Comparator.naturalOrder())
                .orElseThrow();
        }
        Files.write(newest.resolve("model.zip"), new byte[] {1, 2, 3});
        TrainResult resumed = train(request(out, 1, true, 2, 1e-3), s -> { });
        assertTrue(resumed.epochs().size() == 1 && resumed.epochs().get(0).samples() > 0, "re-ran the last part of the epoch");
    }

    @Test
    void onlineAugmentationChangesTrainingAndIsRecordedInTheArtifact() throws Exception {
        TrainingConfig plain = request(dir.resolve("plain").toString(), 1, false, 0, 1e-3);
        TrainingConfig augmented = withAugment(plain, dir.resolve("augmented").toString(), FASHION_MNIST_CONF);
        TrainResult without = train(plain, s -> { });
        TrainResult with = train(augmented, s -> { });
        assertEquals(240, with.epochs().get(0).samples(), "every training record once per epoch, no extra records");
        float[] a = without.state().params();
        float[] b = with.state().params();
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference = Math.max(difference, Math.abs(a[i] - b[i]));
        }
        assertTrue(difference > 1e-4, "the augmented run trained on other pixels: max difference " + difference);
        String recorded = (String) with.manifest().training().augment();
        assertTrue(recorded.contains("seed 20240501") && recorded.contains("crop"), recorded);
        assertEquals(null, without.manifest().training().augment());
    }

    @Test
    void badAugmentConfigIsAUsageErrorNamingTheOptionAndKey() throws IOException {
        java.nio.file.Path conf = Files.writeString(dir.resolve("bad.conf"),
            "augment { records = image, seed = 1, ops = [ { op = rotate, degrees = -5 } ] }");
        UsageException e = assertThrows(UsageException.class, () -> train(
            withAugment(request(dir.resolve("o").toString(), 1, false, 0, 1e-3), dir.resolve("o").toString(),
                conf.toString()), s -> { }));
        assertTrue(e.getMessage().contains("--augment " + conf) && e.getMessage().contains("augment.ops[0].degrees"),
            e.getMessage());
        e = assertThrows(UsageException.class, () -> train(withAugment(request(dir.resolve("o").toString(), 1, false, 0,
            1e-3), dir.resolve("o").toString(), dir.resolve("missing.conf").toString()), s -> { }));
        assertTrue(e.getMessage().contains("missing.conf"), e.getMessage());
    }

    private static TrainingConfig withAugment(TrainingConfig r, String output, String augment) {
        return r.toBuilder().output(output).augment(augment).build();
    }

    @Test
    void existingOutputNeedsResumeOrOverwrite() throws IOException {
        Files.createDirectories(dir.resolve("taken"));
        UsageException e = assertThrows(UsageException.class,
            () -> train(request(dir.resolve("taken").toString(), 1, false, 0, 1e-3), s -> { }));
        assertTrue(e.getMessage().contains("taken") && e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void missingManifestIsAUsageErrorNamingThePath() {
        TrainingConfig bad = TrainingConfig.builder().data(dir.toString()).model("mlp").epochs(1).output(dir.resolve("o").toString()).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(1).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(1e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build();
        UsageException e = assertThrows(UsageException.class, () -> train(bad, s -> { }));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void divergenceStopsWithTheEpochAndRound() {
        TrainingConfig wild = TrainingConfig.builder().data(shards).model("mlp").epochs(1).output(dir.resolve("nan").toString()).workers(2).batchSize(16).averagingFrequency(1).treeDepth(2).seed(1).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(new OptimizerConfig("sgd", 1e30)).resume(false).overwrite(false).checkpointEveryRounds(0).build();
        DataException e = assertThrows(DataException.class, () -> train(wild, s -> { }));
        assertTrue(e.getMessage().contains("non-finite loss") && e.getMessage().contains("epoch 1 round"), e.getMessage());
    }

    @Test
    void evaluateMatchesTheTrainedModelAndRejectsOtherClasses() throws Exception {
        String out = dir.resolve("eval-model").toString();
        train(request(out, 1, false, 0, 1e-3), s -> { });
        EvaluateJob.Result result = new EvaluateJob(spark).run(out, shards, Split.TEST, null, 2);
        EvaluationReport report = result.report();
        assertEquals(60, report.records());
        assertEquals(60, Arrays.stream(report.confusionMatrix()).flatMapToLong(Arrays::stream).sum());
        assertTrue(report.accuracy() >= 0 && report.accuracy() <= 1);
        assertTrue(report.table().contains("model complexity"));
        assertTrue(HadoopFiles.exists(new Path(result.output()), spark.sparkContext().hadoopConfiguration()));

        java.nio.file.Path other = IdxFixtures.writeMnistLike(dir.resolve("raw-digits"), 40, 10, 2);
        String digits = dir.resolve("digits").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.IDX, other.toString(), digits, IngestOptions.defaults(),
            1, 0.0, false));
        UsageException e = assertThrows(UsageException.class,
            () -> new EvaluateJob(spark).run(out, digits, Split.TEST, null, 2));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());
    }

    @Test
    void corruptShardFailsTheCommandNamingTheFile() throws IOException {
        java.nio.file.Path copy = dir.resolve("copy");
        copyTree(java.nio.file.Path.of(shards), copy);
        java.nio.file.Path part;
        try (var list = Files.list(copy.resolve("train"))) {
            part = list.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.write(part, new byte[] {'P', 'A', 'R', '1', 0, 0});
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "train", "--data",
            copy.toString(), "--model", "mlp", "--output", dir.resolve("o").toString(), "--workers", "2");
        assertEquals(1, code);
        assertTrue(err.toString().contains(part.getFileName().toString()), err.toString());
    }

    private static void copyTree(java.nio.file.Path from, java.nio.file.Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
