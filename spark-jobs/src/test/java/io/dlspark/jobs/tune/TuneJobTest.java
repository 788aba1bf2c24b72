package io.dlspark.jobs.tune;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import io.dlspark.tuning.OptimizerSpec;
import io.dlspark.tuning.ledger.TrialLedger;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.ledger.TrialStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark tune} on {@code local[2]} with a small MNIST-like shard set built in code. */
class TuneJobTest {
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    private static String shards;

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        shards = MnistLikeShards.ingest(spark, shared, 300, 40, 5);
    }

    private java.nio.file.Path config(String space, String extra) throws IOException {
        java.nio.file.Path file = dir.resolve("tune.conf");
        Files.writeString(file, """
            tuning {
              objective { metric = validation.accuracy, goal = maximize }
              space { %s }
              optimizer { type = random, seed = 3, grid-resolution = 2 }
              training { model = mlp, epochs = 3, batch-size = 16, seed = 7 }
              trials = 4
              parallel-trials = 2
              %s
            }
            """.formatted(space, extra));
        return file;
    }

    private static final String SPACE = """
        lr { type = real, target = training.learningRate, min = 1e-3, max = 3e-2, scale = log }
        width { type = int, target = model.hidden-layers.0, min = 8, max = 32 }
        dropout { type = real, target = training.dropout, min = 0.0, max = 0.3 }
        l2 { type = real, target = training.l2, min = 1e-6, max = 1e-3, scale = log }
        """;

    private static final String ASHA = "early-stopping { min-resource = 1, reduction-factor = 2, max-resource = 3 }";

    private TuneResult tune(java.nio.file.Path conf, String out, OptimizerSpec.Kind kind, Integer trials,
                            boolean distributed, boolean resume, StringWriter console) throws IOException {
        return new TuneJob(spark, new PrintWriter(console)).run(new TuneRequest(conf.toString(), shards, out, kind,
            trials, null, distributed, resume));
    }

    private static List<TrialRecord> ledger(String out) throws IOException {
        return TrialLedger.open(new Path(out, TuneJob.LEDGER), spark.sparkContext().hadoopConfiguration()).records();
    }

    @Test
    void parallelTrialsWithEarlyStoppingWriteLedgerReportAndBestModel() throws Exception {
        String out = dir.resolve("search").toString();
        TuneResult result = tune(config(SPACE, ASHA), out, null, null, false, false, new StringWriter());
        List<TrialRecord> records = ledger(out);
        assertEquals(4, records.size());
        assertEquals(Set.of(0, 1, 2, 3), records.stream().map(TrialRecord::trialId).collect(Collectors.toSet()));
        for (TrialRecord r : records) {
            assertTrue(r.executor().startsWith("executor driver@"), "local mode runs trials on the driver's executor: " + r.executor());
            assertEquals(r.status() == TrialStatus.OK ? 3 : r.epochs().size(), r.epochs().size());
            if (r.status() == TrialStatus.STOPPED) {
                assertTrue(r.epochs().size() < 3, "a stopped trial trains no further than its rung");
            }
            assertTrue(r.epochs().get(0).metrics().containsKey("validation.accuracy"));
        }
        assertTrue(records.stream().anyMatch(r -> r.status() == TrialStatus.OK));
        assertEquals(TrialStatus.OK, result.best().status());
        double bestAccuracy = records.stream().filter(r -> r.status() == TrialStatus.OK)
            .mapToDouble(r -> r.objective().getAsDouble()).max().orElseThrow();
        assertEquals(bestAccuracy, result.best().objective().getAsDouble());
        java.nio.file.Path folder = dir.resolve("search");
        assertTrue(Files.size(folder.resolve("best-model/model.zip")) > 0);
        assertTrue(Files.readString(folder.resolve("best-model/manifest.json")).contains("validationAccuracy"));
        io.dlspark.core.artifact.ModelArtifactManifest best = io.dlspark.core.artifact.ArtifactFiles.parse(
            Files.readString(folder.resolve("best-model/manifest.json")), "best-model");
        assertEquals(io.dlspark.core.artifact.InputPreprocessing.Input.IMAGE, best.preprocessing().input());
        assertEquals(best.inputShape(), best.preprocessing().recordShape());
        BufferedImage png = ImageIO.read(folder.resolve("convergence.png").toFile());
        assertNotNull(png, "convergence.png is a readable PNG");
        assertEquals(800, png.getWidth());
        String report = Files.readString(folder.resolve("report.md"));
        assertTrue(report.contains("| trial | status |"));
        assertEquals(4, report.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).count(), "one table row per trial");
        assertTrue(Files.readString(folder.resolve("best.json")).contains("\"trial\" : " + result.best().trialId()));
    }

    @Test
    void failingTrialIsRecordedAndTheSearchGoesOn() throws Exception {
        String out = dir.resolve("failing").toString();
        java.nio.file.Path conf = config("""
            lr { type = real, target = training.learningRate, min = 1e-3, max = 1e9, scale = log }
            updater { type = categorical, target = training.updater, values = [sgd] }
            width { type = int, target = model.hidden-layers.0, min = 8, max = 8 }
            """, "");
        TuneResult result = tune(conf, out, OptimizerSpec.Kind.GRID, 2, false, false, new StringWriter());
        List<TrialRecord> records = ledger(out);
        assertEquals(2, records.size());
        TrialRecord failed = records.stream().filter(r -> r.status() == TrialStatus.FAILED).findFirst().orElseThrow();
        assertEquals(1e9, (Double) failed.params().get("lr"), 1e-3);
        assertTrue(failed.error().orElseThrow().contains("non-finite"), failed.error().orElseThrow());
        assertEquals(TrialStatus.OK, result.best().status());
        assertEquals(1e-3, (Double) result.best().params().get("lr"), 1e-12);
    }

    @Test
    void resumeContinuesWithoutRepeatingFinishedTrials() throws Exception {
        String out = dir.resolve("resumed").toString();
        java.nio.file.Path conf = config(SPACE, "");
        tune(conf, out, null, 2, false, false, new StringWriter());
        List<TrialRecord> before = ledger(out);
        assertEquals(2, before.size());
        StringWriter console = new StringWriter();
        tune(conf, out, null, 4, false, true, console);
        List<TrialRecord> after = ledger(out);
        assertEquals(4, after.size());
        assertEquals(before, after.subList(0, 2), "the first run's records stay as they were");
        assertEquals(2, console.toString().lines().filter(l -> l.startsWith("trial ") && l.contains(" started")).count(),
            "only the missing trials run after resume");
        assertEquals(List.of("[tune] trial 3/4 done", "[tune] trial 4/4 done"), console.toString().lines()
            .filter(l -> l.startsWith("[tune] ")).map(l -> l.substring(0, l.indexOf(" (trial"))).sorted().toList(),
            "one line per finished trial, counted over the whole search: " + console);
        assertTrue(console.toString().lines().filter(l -> l.startsWith("[tune] "))
            .allMatch(l -> l.matches("\\[tune\\] trial [34]/4 done \\(trial \\d+\\): validation\\.accuracy \\d\\.\\d{4}")),
            console.toString());
        Set<Object> params = new HashSet<>();
        after.forEach(r -> params.add(r.params()));
        assertEquals(4, params.size(), "no configuration repeated");
        assertEquals(4, after.stream().map(TrialRecord::trialId).distinct().count());
        assertThrows(io.dlspark.core.UsageException.class,
            () -> tune(conf, out, null, 4, false, false, new StringWriter()), "an existing search needs --resume");
    }

    @Test
    @Tag("slow")
    void distributedTrialsTrainOverTheClusterAndStopAtRungs() throws Exception {
        String out = dir.resolve("distributed").toString();
        java.nio.file.Path conf = config("""
            lr { type = real, target = training.learningRate, min = 1e-3, max = 3e-2, scale = log }
            width { type = int, target = model.hidden-layers.0, min = 8, max = 32 }
            """, ASHA.replace("max-resource = 3", "max-resource = 2") + "\ntraining { epochs = 2, workers-per-trial = 2, averaging-frequency = 2 }");
        TuneResult result = tune(conf, out, null, 3, true, false, new StringWriter());
        List<TrialRecord> records = ledger(out);
        assertEquals(3, records.size());
        for (TrialRecord r : records) {
            assertTrue(r.executor().startsWith("cluster"), r.executor());
            int width = ((Number) r.params().get("width")).intValue();
            long parameters = 784L * width + width + width * 128L + 128 + 128 * 10 + 10;
            String manifest = HadoopFiles.readString(new Path(DistributedTrialRunner.trialDir(new Path(out), r.trialId()),
                "manifest.json"), spark.sparkContext().hadoopConfiguration());
            assertTrue(manifest.contains("\"parameters\" : " + parameters) || manifest.contains("\"parameters\":" + parameters),
                "TrainJob trained the trial's own spec (first hidden layer " + width + "): " + manifest);
            assertTrue(HadoopFiles.exists(new Path(DistributedTrialRunner.trialDir(new Path(out), r.trialId()), "model.zip"),
                spark.sparkContext().hadoopConfiguration()), "every trial leaves its TrainJob artifact");
        }
        assertTrue(result.artifact().endsWith(DistributedTrialRunner.trialDir(new Path(out), result.best().trialId()).getName()));
    }

    @Test
    void unknownTargetIsAUsageErrorNamingTheParameter() throws Exception {
        java.nio.file.Path conf = config("wd { type = real, target = training.weightDecay, min = 0, max = 1 }", "");
        io.dlspark.core.UsageException e = assertThrows(io.dlspark.core.UsageException.class,
            () -> tune(conf, dir.resolve("x").toString(), null, null, false, false, new StringWriter()));
        assertTrue(e.getMessage().contains("tuning.space.wd.target"), e.getMessage());
    }

    @Test
    void modelKeyTheSpecLacksIsAUsageErrorNamingTheKey() throws Exception {
        java.nio.file.Path conf = config("w { type = int, target = model.hidden-width, min = 8, max = 16 }", "");
        io.dlspark.core.UsageException e = assertThrows(io.dlspark.core.UsageException.class,
            () -> tune(conf, dir.resolve("y").toString(), null, null, false, false, new StringWriter()));
        assertTrue(e.getMessage().contains("models.mlp.hidden-width"), e.getMessage());
    }

    @Test
    void cliRunsTuneAndRejectsParallelWithDistributed() throws Exception {
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "tune", "--config",
            config(SPACE, "").toString(), "--data", shards, "--output", dir.resolve("cli").toString(),
            "--parallel-trials", "2", "--distributed-trials");
        assertEquals(DlsparkCli.EXIT_USAGE, code);
        assertTrue(err.toString().contains("exclude each other"), err.toString());
    }

    @Test
    void unknownUriSchemeIsAOneLineUsageErrorNamingTheOption() throws Exception {
        String conf = config(SPACE, "").toString();
        String out = dir.resolve("never").toString();
        String[][] cases = {{conf, shards, "foo://x", "--output foo://x"}, {conf, "foo://x", out, "--data foo://x"},
            {"foo://x/tune.conf", shards, out, "--config foo://x/tune.conf"}};
        for (String[] c : cases) {
            io.dlspark.core.UsageException e = assertThrows(io.dlspark.core.UsageException.class,
                () -> new TuneJob(spark, new PrintWriter(new StringWriter())).run(new TuneRequest(c[0], c[1], c[2],
                    null, null, null, false, false)));
            assertTrue(e.getMessage().startsWith(c[3] + ": no file system for URI scheme 'foo'"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("never")), "nothing written");
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "tune", "--config", conf,
            "--data", shards, "--output", "foo://x");
        assertEquals(DlsparkCli.EXIT_USAGE, code);
        assertTrue(err.toString().startsWith("dlspark tune: usage error: --output foo://x: no file system"), err.toString());
    }
}
