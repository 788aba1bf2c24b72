package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.gen.GenerativeBlueprint;
import io.dlspark.core.gen.GenerativeModel;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.engine.TrainingSettings;
import io.dlspark.feed.TrainingData;
import io.dlspark.jobs.inference.GenerateJob;
import io.dlspark.jobs.inference.GenerativeEvaluateJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GAN and VAE training through the parameter-averaging master, generation and its usage errors. */
class GenerativeTrainingTest {
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    private static String shards;
    private static final Map<String, String> TINY = Map.of(
        "gan-mlp", "kind = gan-mlp, latent-size = 8, generator-layers = [32], discriminator-layers = [32]",
        "dcgan", "kind = dcgan, latent-size = 8, base-filters = 4",
        "vae-mlp", "kind = vae-mlp, latent-size = 2, hidden-layers = [32]");

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        shards = MnistLikeShards.ingest(spark, shared, 200, 40, 21);
    }

    /** Trains a small version of a shipped generative kind, from a spec file, with the spec's default optimizer. */
    private static TrainResult trainTiny(String kind, String output, int epochs) throws IOException {
        java.nio.file.Path spec = shared.resolve("tiny-" + kind + ".conf");
        Files.writeString(spec, TINY.get(kind).replace(", ", "\n") + "\n");
        return new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(shards).model(spec.toString()).epochs(epochs).output(output).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(null).resume(false).overwrite(false).checkpointEveryRounds(0).build());
    }

    private static TrainingConfig tinyConfig(String kind, String output, int epochs) throws IOException {
        java.nio.file.Path spec = shared.resolve("tiny-" + kind + ".conf");
        Files.writeString(spec, TINY.get(kind).replace(", ", "\n") + "\n");
        return TrainingConfig.builder().data(shards).model(spec.toString()).epochs(epochs).output(output).workers(2)
            .batchSize(16).averagingFrequency(2).seed(11).build();
    }

    @Test
    void aResumedVaeEndsWithTheParametersOfAnUninterruptedOneAndKeepsItsBestEpoch() throws Exception {
        PrintWriter quiet = new PrintWriter(new StringWriter());
        TrainResult straight = new TrainJob(spark, quiet).run(tinyConfig("vae-mlp", dir.resolve("straight").toString(), 2));
        String out = dir.resolve("resumed").toString();
        TrainResult first = new TrainJob(spark, quiet).run(tinyConfig("vae-mlp", out, 1));
        assertEquals(1, first.epochs().size());
        TrainResult resumed = new TrainJob(spark, quiet).run(tinyConfig("vae-mlp", out, 2).toBuilder().resume(true).build());
        assertEquals(1, resumed.epochs().size(), "only the second epoch ran again");
        assertArrayEquals(straight.state().params(), resumed.state().params());
        assertArrayEquals(straight.state().updater(), resumed.state().updater());

        TrainResult best = new TrainJob(spark, quiet).run(tinyConfig("vae-mlp", dir.resolve("best").toString(), 2)
            .toBuilder().selection(new EpochSelection(EpochSelection.Metric.LOSS, 0)).build());
        int kept = ((Number) best.manifest().finalMetrics().get("keptEpoch")).intValue();
        assertTrue(kept == 1 || kept == 2, "kept epoch " + kept);
        assertTrue(Files.exists(dir.resolve("best/checkpoints/best/generative.json")));
        assertEquals("loss", best.manifest().training().keepBest());

        TrainingConfig gan = tinyConfig("gan-mlp", dir.resolve("gan-best").toString(), 1).toBuilder()
            .selection(new EpochSelection(EpochSelection.Metric.LOSS, 0)).build();
        String refused = assertThrows(io.dlspark.core.UsageException.class, () -> new TrainJob(spark, quiet).run(gan))
            .getMessage();
        assertTrue(refused.contains("only a VAE's (negative ELBO) ranks epochs"), refused);
    }

    private static void trainTinyClassifier(java.nio.file.Path out) throws IOException {
        java.nio.file.Path spec = shared.resolve("tiny-mlp.conf");
        Files.writeString(spec, "kind = mlp\nhidden-layers = [8]\n");
        new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(shards).model(spec.toString()).epochs(1).output(out.toString()).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(1e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build());
    }

    @Test
    void tinyGanAndVaeTrainOnTwoWorkersWithoutNanAndWriteGridsAndArtifacts() throws Exception {
        java.nio.file.Path classifier = shared.resolve("fid-classifier");
        trainTinyClassifier(classifier);
        for (String model : List.of("gan-mlp", "vae-mlp")) {
            java.nio.file.Path out = shared.resolve("out-" + model);
            TrainResult result = trainTiny(model, out.toString(), 2);
            assertEquals(160, result.epochs().get(0).samples(), "every training record once per epoch");
            for (float p : result.state().params()) {
                assertTrue(Float.isFinite(p), model + ": finite parameters");
            }
            List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
            assertEquals(2, lines.size());
            GenerativeEpochMetrics last = Json.read(lines.get(1), GenerativeEpochMetrics.class, "metrics");
            java.time.Instant.parse(last.timestamp());
            assertEquals(result.manifest().training().learningRate(), last.learningRate(), 1e-12, model + " learning rate");
            for (double loss : last.trainLosses().values()) {
                assertTrue(Double.isFinite(loss), model + " loss " + last.trainLosses());
            }
            assertEquals(model.startsWith("gan") ? List.of("discriminator", "generator") : List.of("negative_elbo", "reconstruction", "kl"),
                List.copyOf(last.trainLosses().keySet()));
            BufferedImage grid = ImageIO.read(out.resolve("progress/epoch-0002.png").toFile());
            assertEquals(8 * 28, grid.getWidth());
            assertEquals(8 * 28, grid.getHeight());
            assertEquals("tiny-" + model, result.manifest().model(), "the model is named after its spec file");
            if (model.startsWith("vae")) {
                assertTrue(Double.isFinite(last.validationLosses().get("negative_elbo")));
                assertTrue(result.manifest().finalMetrics().containsKey("test_negative_elbo"), "test ELBO at the end");
            }
            java.nio.file.Path png = shared.resolve(model + "-samples.png");
            int[] size = new GenerateJob(spark).run(out.toString(), GenerateJob.Mode.SAMPLES, 10, png.toString(), 3, null);
            BufferedImage samples = ImageIO.read(png.toFile());
            assertEquals(4 * 28, samples.getWidth(), "10 samples: 4 columns");
            assertEquals(3 * 28, samples.getHeight(), "10 samples: 3 rows");
            assertEquals(samples.getWidth(), size[0]);

            GenerativeEvaluateJob.Report fid = new GenerativeEvaluateJob(spark).run(out.toString(), shards,
                classifier.toString(), 50, 3, null, 2).report();
            assertEquals(50, fid.generated().images());
            assertEquals(160, fid.realTrain().images(), "train features summed on the executors");
            assertEquals(0, fid.realTest().fid(), 1e-6, "the test set against itself");
            assertTrue(Double.isFinite(fid.generated().fid()) && fid.uniformNoise().fid() > fid.realTrain().fid(),
                "noise is farther from test than real train images: " + fid);
            assertEquals(model.startsWith("vae"), fid.testLosses().containsKey("elbo"));
        }
        java.nio.file.Path recon = shared.resolve("recon.png");
        new GenerateJob(spark).run(shared.resolve("out-vae-mlp").toString(), GenerateJob.Mode.RECONSTRUCT, 8, recon.toString(), 3, shards);
        assertEquals(4 * 28, ImageIO.read(recon.toFile()).getWidth(), "4 pairs: 4 columns of original and reconstruction");
        assertThrows(UsageException.class, () -> new GenerateJob(spark).run(shared.resolve("out-gan-mlp").toString(),
            GenerateJob.Mode.TRAVERSE, 9, shared.resolve("t.png").toString(), 3, null));
        java.nio.file.Path traversal = shared.resolve("traverse.png");
        new GenerateJob(spark).run(shared.resolve("out-vae-mlp").toString(), GenerateJob.Mode.TRAVERSE, 9, traversal.toString(), 3, null);
        assertEquals(3 * 28, ImageIO.read(traversal.toFile()).getWidth(), "a 3x3 traversal of the 2-D latent");
    }

    @Test
    void aTinyDcganTrainsEndToEndOnTwoWorkers() throws Exception {
        java.nio.file.Path out = shared.resolve("out-dcgan");
        TrainResult result = trainTiny("dcgan", out.toString(), 1);
        assertEquals(160, result.epochs().get(0).samples());
        for (float p : result.state().params()) {
            assertTrue(Float.isFinite(p), "dcgan: finite parameters");
        }
        GenerativeEpochMetrics epoch = Json.read(Files.readAllLines(out.resolve("metrics.jsonl")).get(0),
            GenerativeEpochMetrics.class, "metrics");
        assertTrue(epoch.trainLosses().values().stream().allMatch(Double::isFinite), epoch.trainLosses().toString());
        java.nio.file.Path png = shared.resolve("dcgan-samples.png");
        new GenerateJob(spark).run(out.toString(), GenerateJob.Mode.SAMPLES, 4, png.toString(), 3, null);
        assertEquals(2 * 28, ImageIO.read(png.toFile()).getWidth(), "4 samples: 2 columns");
    }

    @Test
    void askingAClassifierArtifactToGenerateIsAUsageError() throws Exception {
        java.nio.file.Path out = shared.resolve("classifier");
        trainTinyClassifier(out);
        UsageException e = assertThrows(UsageException.class, () -> new GenerateJob(spark).run(out.toString(),
            GenerateJob.Mode.SAMPLES, 4, shared.resolve("x.png").toString(), 1, null));
        assertTrue(e.getMessage().contains("classifier artifact"), e.getMessage());
    }

    @Test
    void bothGanNetworksAreAveragedOnUnlabelledRecords() {
        ImageShape shape = new ImageShape(6, 6, 1);
        List<Row> rows = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 60; i++) {
            byte[] pixels = new byte[shape.size()];
            random.nextBytes(pixels);
            rows.add(RowFactory.create(String.format("u-%03d", i), pixels));
        }
        StructType schema = new StructType().add("record_id", DataTypes.StringType).add("pixels", DataTypes.BinaryType);
        int workers = 2;
        TrainingSettings settings = new TrainingSettings(workers, 5, 2, 1, 9, 0, 1);
        TrainingData data = TrainingData.load(spark.createDataFrame(rows, schema).repartition(3), workers, settings.seed(), shape.size());
        GenerativeModel gan = ModelCatalog.resolveGenerative("gan-mlp", Map.of("latent-size", 3,
            "generator-layers", List.of(8), "discriminator-layers", List.of(8))).build(shape, OptimizerConfig.adam(1e-2), 4);
        GenerativeBlueprint blueprint = gan.blueprint();
        MinibatchAssembler assembler = new MinibatchAssembler(shape, 0, false);
        NetworkState start = gan.state();
        ParameterAveragingMaster master = new ParameterAveragingMaster(JavaSparkContext.fromSparkContext(spark.sparkContext()),
            settings, blueprint, assembler);
        NetworkState averaged = master.round(data, start, 0, 0, s -> assertEquals(2, s.losses().length));
        data.release();

        EpochPlan plan = master.plan();
        double[] params = new double[start.params().length];
        double[] updater = new double[start.updater().length];
        long total = 0;
        for (int w = 0; w < workers; w++) {
            int worker = w;
            List<Row> mine = rows.stream().filter(r -> TrainingData.workerOf(r.getString(0), settings.seed(), workers) == worker)
                .sorted(Comparator.comparing(r -> r.getString(0))).toList();
            byte[] pixels = new byte[mine.size() * shape.size()];
            for (int i = 0; i < mine.size(); i++) {
                System.arraycopy((byte[]) mine.get(i).get(1), 0, pixels, i * shape.size(), shape.size());
            }
            PartitionData part = new PartitionData(w, pixels, new int[mine.size()], new long[mine.size()], shape.size());
            GenerativeModel local = blueprint.newTrainable();
            local.apply(start);
            int[] order = plan.order(part.size(), 0, w);
            int samples = Math.min(part.size(), settings.batchSize() * settings.averagingFrequency());
            for (int b = 0; b * settings.batchSize() < samples; b++) {
                int from = b * settings.batchSize();
                local.fit(assembler.assemble(part, order, from, Math.min(from + settings.batchSize(), samples)),
                    plan.batchSeed(0, w, b));
            }
            NetworkState state = local.state();
            for (int i = 0; i < params.length; i++) {
                params[i] += (double) state.params()[i] * samples;
            }
            for (int i = 0; i < updater.length; i++) {
                updater[i] += (double) state.updater()[i] * samples;
            }
            total += samples;
        }
        int generatorParams = (int) gan.networks().get("generator").numParams();
        double worstGenerator = 0;
        double worstDiscriminator = 0;
        for (int i = 0; i < params.length; i++) {
            double diff = Math.abs(params[i] / total - averaged.params()[i]);
            if (i < generatorParams) {
                worstGenerator = Math.max(worstGenerator, diff);
            } else {
                worstDiscriminator = Math.max(worstDiscriminator, diff);
            }
        }
        double worstUpdater = 0;
        for (int i = 0; i < updater.length; i++) {
            worstUpdater = Math.max(worstUpdater, Math.abs(updater[i] / total - averaged.updater()[i]));
        }
        assertTrue(worstGenerator < 1e-6, "generator parameters: max difference " + worstGenerator);
        assertTrue(worstDiscriminator < 1e-6, "discriminator parameters: max difference " + worstDiscriminator);
        assertTrue(worstUpdater < 1e-6, "updater states: max difference " + worstUpdater);
        assertTrue(start.params()[0] != averaged.params()[0], "the round changed the parameters");
    }
}
