package io.dlspark.train;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.InputPreprocessing;
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
        assertEquals(InputPreprocessing.images(manifest.inputShape(), null, false), manifest.preprocessing());
        assertEquals(InputPreprocessing.Layout.FLAT_HWC, manifest.preprocessing().layout());
        assertEquals(List.of(manifest.inputShape().size()), manifest.preprocessing().shape());
        assertEquals(1f / 255f, (float) manifest.preprocessing().scale());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("model/model.zip").toFile(), true);
        assertArrayEquals(result.state().params(), net.params().toFloatVector());
        assertTrue(Files.exists(dir.resolve("model/checkpoints/epoch-00002-round-000000/model.zip")));
    }

    /**
     * Issue 23: a {@code vgg11-small} artifact (cosine schedule, batch norm) is read by DL4J's own ModelSerializer,
     * and scoring the raw test records with the manifest's preprocessing gives {@code dlspark evaluate}'s accuracy.
     */
    @Test
    void aCosineScheduledArtifactIsReadByPlainDl4jAndScoresAsEvaluateDoesWithTheRecordedPreprocessing()
        throws Exception {
        String out = dir.resolve("vgg").toString();
        train(TrainingConfig.builder().data(shards).model("vgg11-small").epochs(1).output(out).workers(2).batchSize(16)
            .averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).resume(false)
            .overwrite(false).checkpointEveryRounds(0).build(), s -> { });
        java.nio.file.Path zip = dir.resolve("vgg/model.zip");
        assertFalse(configuration(zip).contains("io.dlspark"), "the artifact names no dlspark class");
        assertTrue(configuration(dir.resolve("vgg/checkpoints/epoch-00001-round-000000/model.zip"))
            .contains("io.dlspark.core.model.CosineSchedule"), "checkpoints keep dlspark's schedule, to resume exactly");
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        ModelArtifactManifest manifest = Json.read(Files.readString(dir.resolve("vgg/manifest.json")),
            ModelArtifactManifest.class, "manifest");
        InputPreprocessing p = manifest.preprocessing();
        assertEquals(InputPreprocessing.Input.IMAGE, p.input());
        assertEquals(InputPreprocessing.Layout.NCHW, p.layout());
        int channels = p.shape().get(0);
        int height = p.shape().get(1);
        int width = p.shape().get(2);
        assertEquals(List.of(1, 28, 28), p.shape());

        List<org.apache.spark.sql.Row> rows = spark.read().parquet(shards + "/test").select("pixels", "label")
            .collectAsList();
        float[] features = new float[rows.size() * channels * height * width];
        for (int r = 0; r < rows.size(); r++) {
            byte[] pixels = (byte[]) rows.get(r).get(0);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < channels; c++) {
                        features[((r * channels + c) * height + y) * width + x] =
                            (pixels[(y * width + x) * channels + c] & 0xFF) * (float) p.scale();
                    }
                }
            }
        }
        org.nd4j.linalg.api.ndarray.INDArray predicted = net.output(org.nd4j.linalg.factory.Nd4j.create(features,
            new long[] {rows.size(), channels, height, width}, 'c')).argMax(1);
        long correct = 0;
        for (int r = 0; r < rows.size(); r++) {
            correct += predicted.getInt(r) == rows.get(r).getInt(1) ? 1 : 0;
        }
        EvaluationReport report = new EvaluateJob(spark).run(out, shards, Split.TEST, null, 2).report();
        assertEquals(report.accuracy(), (double) correct / rows.size(), 1e-12);
    }

    private static String configuration(java.nio.file.Path zip) throws IOException {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            return new String(file.getInputStream(file.getEntry("configuration.json")).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        }
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
        List<io.dlspark.engine.RoundStats> rounds = new java.util.ArrayList<>();
        TrainResult uninterrupted = train(request(dir.resolve("straight").toString(), 1, false, 2, 1e-3), rounds::add);
        String out = dir.resolve("ckpt").toString();
        train(request(out, 1, false, 2, 1e-3), s -> { });
        java.nio.file.Path newest;
        java.nio.file.Path previous;
        try (var list = Files.list(dir.resolve("ckpt/checkpoints"))) {
            List<java.nio.file.Path> dirs = list.filter(p -> p.getFileName().toString().startsWith("epoch-")).sorted().toList();
            newest = dirs.get(dirs.size() - 1);
            previous = dirs.get(dirs.size() - 2);
        }
        assertEquals("epoch-00001-round-000000", newest.getFileName().toString());
        int resumeAt = Integer.parseInt(previous.getFileName().toString().replaceAll(".*round-0*", ""));
        assertTrue(resumeAt > 0, "the previous checkpoint is inside the epoch: " + previous);
        Files.write(newest.resolve("model.zip"), new byte[] {1, 2, 3});

        TrainResult resumed = train(request(out, 1, true, 2, 1e-3), s -> { });
        long remaining = rounds.stream().filter(r -> r.round() >= resumeAt).mapToLong(io.dlspark.engine.RoundStats::samples).sum();
        assertEquals(remaining, resumed.epochs().get(0).samples(), "re-ran exactly the rounds after " + previous);
        assertArrayEquals(uninterrupted.state().params(), resumed.state().params(),
            "resumed from the previous checkpoint, not from scratch");
    }

    @Test
    void nothingIsTouchedBeforeTheRunIsValid() throws Exception {
        String out = dir.resolve("kept").toString();
        train(request(out, 1, false, 0, 1e-3), s -> { });
        String manifest = Files.readString(dir.resolve("kept/manifest.json"));
        StringWriter err = new StringWriter();
        assertEquals(2, DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "train", "--data",
            shards, "--model", "mlp", "--output", out, "--batch-size", "0", "--overwrite"));
        assertTrue(err.toString().contains("--batch-size: must be between 1 and 1000000, got 0"), err.toString());
        assertEquals(2, DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "train",
            "--data", shards, "--model", "no-such-model", "--output", out, "--overwrite"));
        assertEquals(manifest, Files.readString(dir.resolve("kept/manifest.json")), "the earlier artifact is intact");

        assertEquals(2, DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "train",
            "--data", shards, "--model", "no-such-model", "--output", dir.resolve("fresh").toString()));
        assertFalse(Files.exists(dir.resolve("fresh")), "a refused run leaves no folder that would block the rerun");

        UsageException seed = assertThrows(UsageException.class, () -> train(request(out, 2, true, 0, 1e-3).toBuilder()
            .seed(12).build(), s -> { }));
        assertTrue(seed.getMessage().startsWith("--seed 12 --resume: checkpoint "), seed.getMessage());
    }

    @Test
    void metricsLinesCarryTheClocksTimestampAndTheScheduledLearningRate() throws Exception {
        String out = dir.resolve("stamped").toString();
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-06T08:00:00Z"), java.time.ZoneOffset.UTC);
        OptimizerConfig halved = new OptimizerConfig("sgd", 0.1).withSchedule(
            new io.dlspark.core.model.LearningRateSchedule("step", "epoch", 0.5, 1, 1, 0, 0));
        TrainResult result = new TrainJob(spark, new PrintWriter(new StringWriter()),
            io.dlspark.core.train.GradientCheck.DEFAULT, clock).run(request(out, 2, false, 0, 1e-3).toBuilder()
            .optimizer(halved).build());
        List<EpochMetrics> lines = MetricsLog.read(new Path(out), spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of("2026-12-06T08:00:00Z", "2026-12-06T08:00:00Z"), lines.stream().map(EpochMetrics::timestamp).toList());
        assertEquals(0.1, lines.get(0).learningRate(), 1e-9, "epoch 1 trains at the initial rate");
        assertEquals(0.05, lines.get(1).learningRate(), 1e-9, "the step schedule halves it for epoch 2");
        assertTrue(Files.readAllLines(dir.resolve("stamped/metrics.jsonl")).get(0)
            .startsWith("{\"epoch\":1,\"timestamp\":\"2026-12-06T08:00:00Z\",\"learningRate\":0.1,"));
        assertEquals("2026-12-06T08:00:00Z", result.manifest().createdAt());
    }

    @Test
    void modelsTooLargeForNativeMemoryAreRefusedInLocalModeBeforeAnySideEffect() throws IOException {
        java.nio.file.Path spec = dir.resolve("wide.conf");
        Files.writeString(spec, "kind = mlp\ndescription = \"very wide\"\nhidden-layers = [100000, 100000]\n"
            + "optimizer { name = adam, learning-rate = 1e-3 }\n");
        StringWriter err = new StringWriter();
        assertEquals(2, DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "train", "--data", shards,
            "--model", spec.toString(), "--output", dir.resolve("wide").toString()));
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.contains("10,079,600,010 parameters") && first.contains("org.bytedeco.javacpp.maxbytes="),
            err.toString());
        assertFalse(Files.exists(dir.resolve("wide")));

        // parameters that fit, activations of a huge minibatch that do not
        TrainingConfig huge = request(dir.resolve("huge").toString(), 1, false, 0, 1e-3).toBuilder().model("lenet")
            .batchSize(1_000_000).build();
        UsageException e = assertThrows(UsageException.class, () -> train(huge, s -> { }));
        assertTrue(e.getMessage().startsWith("preflight check failed: training lenet with batch 1000000 in local mode "
            + "needs about ") && e.getMessage().contains("more than the limit org.bytedeco.javacpp.maxbytes="), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("huge")));
    }

    @Test
    void moreWorkersThanTaskSlotsAreRefusedBeforeAnyBarrierStage() {
        TrainingConfig wide = request(dir.resolve("wide").toString(), 1, false, 0, 1e-3).toBuilder().workers(64)
            .exchange(io.dlspark.engine.RoundExchange.LIVE).build();
        UsageException e = assertThrows(UsageException.class, () -> train(wide, s -> { }));
        assertTrue(e.getMessage().contains("--workers=64 exceeds the "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("wide")));
    }

    @Test
    void overwriteReplacesTheArtifactOnlyAtCommit() throws Exception {
        String out = dir.resolve("replaced").toString();
        TrainResult first = train(request(out, 1, false, 0, 1e-3), s -> { });
        TrainingConfig again = request(out, 1, false, 0, 2e-3).toBuilder().overwrite(true).build();
        RuntimeException crash = assertThrows(RuntimeException.class, () -> train(again, s -> {
            throw new IllegalStateException("simulated crash");
        }));
        assertEquals("simulated crash", crash.getMessage());
        MultiLayerNetwork kept = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("replaced/model.zip").toFile(), true);
        assertArrayEquals(first.state().params(), kept.params().toFloatVector(), "a failed replacement keeps the old model");
        TrainResult second = train(again, s -> { });
        MultiLayerNetwork now = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("replaced/model.zip").toFile(), true);
        assertArrayEquals(second.state().params(), now.params().toFloatVector());
        try (var names = Files.list(dir)) {
            assertEquals(List.of("replaced"), names.map(p -> p.getFileName().toString())
                .filter(n -> n.contains("replaced")).toList(), "no staging or lock left beside the output");
        }
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
        assertTrue(report.table().contains("model complexity"));
        assertTrue(HadoopFiles.exists(new Path(result.output()), spark.sparkContext().hadoopConfiguration()));

        // An independent forward pass: plain DL4J on the test shards' pixels scaled by 1/255.
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("eval-model/model.zip").toFile(), false);
        List<org.apache.spark.sql.Row> rows = spark.read().parquet(shards + "/test").orderBy("record_id").collectAsList();
        float[][] pixels = new float[rows.size()][];
        int correct = 0;
        double logLoss = 0;
        for (int i = 0; i < rows.size(); i++) {
            byte[] bytes = rows.get(i).getAs("pixels");
            pixels[i] = new float[bytes.length];
            for (int j = 0; j < bytes.length; j++) {
                pixels[i][j] = (bytes[j] & 0xFF) / 255f;
            }
        }
        org.nd4j.linalg.api.ndarray.INDArray out2 = net.output(org.nd4j.linalg.factory.Nd4j.create(pixels));
        for (int i = 0; i < rows.size(); i++) {
            int label = ((Number) rows.get(i).getAs("label")).intValue();
            correct += out2.getRow(i).argMax().getInt(0) == label ? 1 : 0;
            logLoss -= Math.log(Math.max(out2.getDouble(i, label), 1e-15));
        }
        assertEquals(correct / 60.0, report.accuracy(), 1e-12, "accuracy of an independent forward pass");
        assertEquals(logLoss / 60, report.logLoss(), 1e-4, "log loss of an independent forward pass");

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
