package io.dlspark.pipeline;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.io.Json;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import io.dlspark.tuning.ledger.TrialLedger;
import io.dlspark.tuning.ledger.TrialRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The augment and tune stages of {@code dlspark pipeline} in local[2] on a small MNIST-like data set written in code:
 * what each writes, that train reads the augmented shards and trains the tuned configuration, and that a resumed run
 * skips finished stages and continues a search without repeating its trials.
 */
class AugmentAndTuneStagesTest {
    private static final int TRAIN_RECORDS = 160;
    private static final double VAL_FRACTION = 0.25;

    @TempDir
    static Path shared;

    private static Path raw;
    private static Path runs;
    private static final Configuration HADOOP = new Configuration();

    @BeforeAll
    static void data() throws IOException {
        SparkTestSession.get();
        raw = IdxFixtures.writeMnistLike(shared.resolve("raw"), TRAIN_RECORDS, 40, 11);
        runs = shared.resolve("runs");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result pipeline(Path config, String runId) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), "pipeline", "--config", config.toString(),
            "--run-id", runId);
        return new Result(exit, out.toString(), err.toString());
    }

    private static Path config(String name, String stages, String blocks) throws IOException {
        Path file = shared.resolve(name + ".conf");
        Files.writeString(file, """
            pipeline { run-root = "%s", stages = %s }
            ingest { dataset = fashion-mnist, input = "%s", seed = 3, val-fraction = %s, partitions = 2 }
            evaluate { split = test, workers = 2 }
            %s
            """.formatted(runs, stages, raw, VAL_FRACTION, blocks));
        return file;
    }

    /** Simulates a driver killed during {@code stage}: its marker, the later ones and the run's are gone. */
    private static Path interruptedCopy(String runId, String copyId, String... unfinished) throws IOException {
        Path from = runs.resolve(runId);
        Path to = runs.resolve(copyId);
        PipelineRunnerTest.copyTree(from, to);
        Files.delete(to.resolve("_SUCCESS"));
        for (String stage : unfinished) {
            Files.delete(to.resolve("_stages").resolve(stage).resolve("_SUCCESS"));
        }
        return to;
    }

    private static ModelArtifactManifest modelManifest(Path run) throws IOException {
        Path file = run.resolve("train").resolve(ModelArtifactManifest.FILE_NAME);
        return Json.read(Files.readString(file), ModelArtifactManifest.class, file.toString());
    }

    private static void assertMarkers(Path run, String... stages) {
        for (String stage : stages) {
            assertTrue(Files.exists(run.resolve("_stages").resolve(stage).resolve("_SUCCESS")), stage + " marker");
        }
        assertTrue(Files.exists(run.resolve("_SUCCESS")), "run marker");
    }

    @Test
    void augmentedShardsFeedTrainingAndAResumedRunKeepsThem() throws IOException {
        Path config = config("augment", "[ingest, augment, train, evaluate]", """
            augment { config = "%s", copies = 2, seed = 9 }
            train { model = mlp, epochs = 1, workers = 2, batch-size = 16, averaging-frequency = 2, seed = 5 }
            """.formatted(ProjectDir.get().resolve("conf/augment/fashion-mnist.conf")));
        Result first = pipeline(config, "aug");
        assertEquals(0, first.exit(), first.err());
        Path run = runs.resolve("aug");
        assertMarkers(run, "ingest", "augment", "train", "evaluate");
        assertTrue(first.out().contains("stage augment: done in") && first.out().contains("2 copies, seed 9"), first.out());

        ShardManifest ingested = ManifestIo.read(new org.apache.hadoop.fs.Path(run.resolve("ingest").toString()), HADOOP);
        ShardManifest augmented = ManifestIo.read(new org.apache.hadoop.fs.Path(run.resolve("augment").toString()), HADOOP);
        long originals = ingested.count(Split.TRAIN);
        assertEquals(3 * originals, augmented.count(Split.TRAIN), "every training record and 2 augmented copies");
        assertEquals(ingested.count(Split.VALIDATION), augmented.count(Split.VALIDATION));
        assertEquals(ingested.count(Split.TEST), augmented.count(Split.TEST));
        assertEquals(2, augmented.augmentation().copies());
        assertEquals(9, augmented.augmentation().seed());

        ModelArtifactManifest model = modelManifest(run);
        assertTrue(model.data().uri().endsWith("/aug/augment"), "train read the augmented shards: " + model.data().uri());
        List<String> epochs = Files.readAllLines(run.resolve("train/metrics.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(1, epochs.size());
        assertTrue(epochs.get(0).contains("\"samples\":" + 3 * originals), "one epoch over the augmented split: " + epochs.get(0));
        assertTrue(Files.exists(run.resolve("evaluate/metrics-test.json")));

        Path resumed = interruptedCopy("aug", "aug-resumed", "train", "evaluate");
        long augmentTime = Files.getLastModifiedTime(resumed.resolve("augment/manifest.json")).toMillis();
        Result again = pipeline(config, "aug-resumed");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("stage ingest: done in an earlier attempt"), again.out());
        assertTrue(again.out().contains("stage augment: done in an earlier attempt"), again.out());
        assertTrue(again.out().contains("stage train: running") && again.out().contains("stage evaluate: running"), again.out());
        assertEquals(augmentTime, Files.getLastModifiedTime(resumed.resolve("augment/manifest.json")).toMillis(),
            "the augmented shards were not rewritten");
        assertMarkers(resumed, "ingest", "augment", "train", "evaluate");
    }

    @Test
    void theBestTrialsConfigurationIsWhatTrainTrainsAndAResumedSearchRepeatsNoTrial() throws IOException {
        Path tuning = shared.resolve("tuning.conf");
        Files.writeString(tuning, """
            tuning {
              objective { metric = validation.accuracy, goal = maximize }
              space {
                lr { type = real, target = training.learningRate, min = 1e-3, max = 3e-2, scale = log }
                width { type = int, target = model.hidden-layers.0, min = 8, max = 32 }
              }
              optimizer { type = random, seed = 3 }
              training { model = mlp, epochs = 1, batch-size = 16, seed = 7 }
              trials = 3
              parallel-trials = 2
            }
            """);
        Path config = config("tune", "[ingest, tune, train, evaluate]", """
            tune { config = "%s" }
            train { epochs = 1, workers = 2, averaging-frequency = 2, seed = 5 }
            """.formatted(tuning));
        Result first = pipeline(config, "tuned");
        assertEquals(0, first.exit(), first.err());
        Path run = runs.resolve("tuned");
        assertMarkers(run, "ingest", "tune", "train", "evaluate");
        List<TrialRecord> trials = ledger(run);
        assertEquals(3, trials.size());
        assertTrue(Files.exists(run.resolve("tune/report.md")) && Files.exists(run.resolve("tune/best.json")));

        TunedTraining tuned = Json.read(Files.readString(run.resolve("tune/tuned-training.json")), TunedTraining.class, "tuned");
        TrialRecord best = trials.stream().filter(r -> r.trialId() == tuned.trial()).findFirst().orElseThrow();
        double bestAccuracy = trials.stream().filter(r -> r.objective().isPresent())
            .mapToDouble(r -> r.objective().getAsDouble()).max().orElseThrow();
        assertEquals(bestAccuracy, best.objective().getAsDouble(), "the tune stage hands over the best trial");
        assertEquals(best.objective().getAsDouble(), tuned.objective());
        int width = ((Number) best.params().get("width")).intValue();
        double lr = ((Number) best.params().get("lr")).doubleValue();
        assertEquals(width, ((Number) tuned.modelOverrides().get("hidden-layers.0")).intValue());
        assertEquals(lr, tuned.learningRate(), 1e-12);
        assertEquals(16, tuned.batchSize());

        ModelArtifactManifest model = modelManifest(run);
        assertEquals(784L * width + width + width * 128L + 128 + 128 * 10 + 10, model.parameters(),
            "train built mlp with the best trial's first hidden layer (" + width + ")");
        assertEquals(lr, model.training().learningRate(), 1e-12);
        assertEquals(16, model.training().batchSize());
        assertTrue(model.data().uri().endsWith("/tuned/ingest"), model.data().uri());
        assertTrue(first.out().contains("tuned by trial " + tuned.trial()), first.out());

        // Killed during the search: the ledger holds every trial, the tune marker is missing.
        Path resumed = interruptedCopy("tuned", "tuned-resumed", "tune", "train", "evaluate");
        Files.delete(resumed.resolve("tune/tuned-training.json"));
        Result again = pipeline(config, "tuned-resumed");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("stage ingest: done in an earlier attempt"), again.out());
        assertTrue(again.out().contains("stage tune: running"), again.out());
        assertFalse(again.out().lines().anyMatch(l -> l.startsWith("trial ") && l.contains(" started")),
            "no finished trial runs again: " + again.out());
        assertEquals(trials, ledger(resumed), "the ledger is the first attempt's");
        assertEquals(tuned, Json.read(Files.readString(resumed.resolve("tune/tuned-training.json")), TunedTraining.class,
            "tuned"), "the same best configuration is handed over again");
        assertEquals(model.parameters(), modelManifest(resumed).parameters());
        assertMarkers(resumed, "ingest", "tune", "train", "evaluate");
    }

    private static List<TrialRecord> ledger(Path run) throws IOException {
        return TrialLedger.open(new org.apache.hadoop.fs.Path(run.resolve("tune/ledger.jsonl").toString()), HADOOP).records();
    }
}
