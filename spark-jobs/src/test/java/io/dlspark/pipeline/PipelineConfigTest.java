package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.testing.ProjectDir;
import io.dlspark.train.EpochSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineConfigTest {
    static final String VALID = """
        pipeline { run-root = "/tmp/runs", stages = [ingest, train, evaluate] }
        spark { executor.memory = 3g }
        ingest { dataset = fashion-mnist, input = "data/fashion-mnist" }
        train { model = mlp, epochs = 2, workers = 2, round-timeout-seconds = 60 }
        evaluate { split = test }
        """;

    private static UsageException error(String text) {
        return assertThrows(UsageException.class, () -> PipelineConfig.parse(text, "p.conf"));
    }

    private static void assertMentions(UsageException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void aValidFileGivesStagesSparkSettingsAndLease() {
        PipelineConfig config = PipelineConfig.parse(VALID, "p.conf");
        assertEquals(List.of("ingest", "train", "evaluate"), config.stages());
        assertEquals("/tmp/runs", config.runRoot());
        assertEquals("3g", config.sparkSettings().get("spark.executor.memory"));
        assertEquals(PipelineConfig.DEFAULT_LEASE_MILLIS, config.leaseMillis());
        assertEquals(2, config.task("train").workers());
    }

    @Test
    void misspeltKeyIsRejectedWithItsPath() {
        assertMentions(error(VALID.replace("epochs = 2", "epocs = 2")), "p.conf", "train.epocs", "unknown key");
        assertMentions(error(VALID + "\nevalute { }"), "evalute", "unknown key");
        assertMentions(error(VALID.replace("run-root", "runroot")), "pipeline.run");
    }

    /** The five stages: augment with the shipped image config, tune with a tuning file written to {@code dir}. */
    private String allStages(String tuningSpace) throws IOException {
        Path tuning = dir.resolve("tuning.conf");
        Files.writeString(tuning, """
            tuning {
              objective { metric = validation.accuracy, goal = maximize }
              space { %s }
              training { model = mlp, epochs = 1 }
              trials = 2
            }
            """.formatted(tuningSpace));
        return """
            pipeline { run-root = "/tmp/runs", stages = [ingest, augment, tune, train, evaluate] }
            ingest { dataset = fashion-mnist, input = "data/fashion-mnist" }
            augment { config = "%s", copies = 2, seed = 5 }
            tune { config = "%s", trials = 3, parallel-trials = 2, optimizer = random }
            train { epochs = 2, workers = 2 }
            evaluate { split = test }
            """.formatted(ProjectDir.get().resolve("conf/augment/fashion-mnist.conf"), tuning);
    }

    private static final String TRAINABLE_SPACE = """
        lr { type = real, target = training.learningRate, min = 1e-3, max = 1e-2, scale = log }
        width { type = int, target = model.hidden-layers.0, min = 8, max = 32 }
        """;

    @TempDir
    Path dir;

    @Test
    void augmentAndTuneStagesAreConfiguredAndTuneAsksForTheFairScheduler() throws IOException {
        PipelineConfig config = PipelineConfig.parse(allStages(TRAINABLE_SPACE), "p.conf");
        assertEquals(List.of("ingest", "augment", "tune", "train", "evaluate"), config.stages());
        assertEquals("FAIR", config.sparkSettings().get("spark.scheduler.mode"));
        PipelineConfig fifo = PipelineConfig.parse(allStages(TRAINABLE_SPACE) + "\nspark { scheduler.mode = FIFO }", "p.conf");
        assertEquals("FIFO", fifo.sparkSettings().get("spark.scheduler.mode"), "the file's spark block wins");
        assertFalse(PipelineConfig.parse(VALID, "p.conf").sparkSettings().containsKey("spark.scheduler.mode"));
    }

    @Test
    void augmentAndTuneBlocksNameTheirBadKeys() throws IOException {
        String all = allStages(TRAINABLE_SPACE);
        assertMentions(error(all.replace("copies = 2", "copys = 2")), "augment.copies");
        assertMentions(error(all.replace("seed = 5 }", "seed = 5, copys = 3 }")), "augment.copys", "unknown key");
        assertMentions(error(all.replace("copies = 2", "copies = 0")), "augment.copies");
        assertMentions(error(all.replace("conf/augment/fashion-mnist.conf", "conf/augment/nope.conf")),
            "augment.config", "nope.conf");
        assertMentions(error(all.replace("trials = 3,", "trails = 3,")), "tune.trails", "unknown key");
        assertMentions(error(all.replace("optimizer = random", "optimizer = annealing")), "tune.optimizer", "annealing");
        assertMentions(error(all.replace("optimizer = random", "distributed-trials = true")),
            "tune.parallel-trials and tune.distributed-trials exclude each other");
        assertMentions(error(all.replace(dir.resolve("tuning.conf").toString(), dir.resolve("none.conf").toString())),
            "tune.config", "none.conf");
    }

    @Test
    void theTuningFileIsCheckedBeforeAnythingRuns() throws IOException {
        assertMentions(error(allStages(TRAINABLE_SPACE + "wd { type = real, target = training.weightDecay, min = 0, max = 1 }")),
            "tune.config", "tuning.conf", "tuning.space.wd.target", "unknown target");
        assertMentions(error(allStages(TRAINABLE_SPACE + "w { type = int, target = model.hidden-width, min = 8, max = 16 }")),
            "tune.config", "models.mlp.hidden-width");
        assertMentions(error(allStages("lr { type = real, target = training.learningRate, min = 1e-3, max = 1e-2 } }")),
            "tune.config", "tuning.conf");
    }

    @Test
    void tuneTargetsTheTrainStageCannotTakeAreRejected() throws IOException {
        UsageException l2 = error(allStages(TRAINABLE_SPACE
            + "l2 { type = real, target = training.l2, min = 1e-6, max = 1e-3, scale = log }"));
        assertMentions(l2, "tune.config", "tuning.space.l2.target", "training.l2", "train stage", "model.<key");
    }

    @Test
    void withTuneListedTheTrainStageTakesModelOptimizerAndBatchFromIt() throws IOException {
        String all = allStages(TRAINABLE_SPACE);
        for (String key : List.of("model = mlp", "optimizer = sgd", "learning-rate = 0.1", "batch-size = 32")) {
            UsageException e = error(all.replace("train { epochs = 2", "train { " + key + ", epochs = 2"));
            assertMentions(e, "train." + key.substring(0, key.indexOf(' ')), "set by the tune stage");
        }
        assertMentions(error(all.replace("[ingest, augment, tune, train, evaluate]", "[ingest, augment, train, evaluate]")
            .replace("tune { config", "# tune { config")), "train.model", "missing");
    }

    @Test
    void stagesRunInTheirFixedOrder() throws IOException {
        String all = allStages(TRAINABLE_SPACE);
        assertMentions(error(all.replace("[ingest, augment, tune, train, evaluate]", "[tune, ingest, augment, train, evaluate]")),
            "out of order", "ingest -> augment -> tune -> train -> evaluate");
        assertMentions(error(all.replace("[ingest, augment, tune, train, evaluate]", "[augment, tune, train, evaluate]")
            .replace("ingest {", "# ingest {")), "'augment' reads the output of 'ingest'");
    }

    @Test
    void orderInputsAndBlocksAreChecked() {
        assertMentions(error(VALID.replace("[ingest, train, evaluate]", "[train, ingest, evaluate]")), "out of order");
        assertMentions(error(VALID.replace("[ingest, train, evaluate]", "[train, evaluate]").replace(
            "ingest { dataset = fashion-mnist, input = \"data/fashion-mnist\" }", "")), "'train' reads the output of 'ingest'");
        assertMentions(error(VALID.replace("evaluate { split = test }", "")), "evaluate: missing block");
        assertMentions(error(VALID.replace("[ingest, train, evaluate]", "[ingest, train]")), "evaluate: block for a stage");
        assertMentions(error(VALID.replace("[ingest, train, evaluate]", "[ingest, fit]")), "unknown stage 'fit'");
    }

    @Test
    void badValuesNameTheirKey() {
        assertMentions(error(VALID.replace("fashion-mnist,", "cifar,")), "ingest.dataset", "cifar");
        assertMentions(error(VALID.replace("model = mlp", "model = resnet")), "train.model", "resnet");
        assertMentions(error(VALID.replace("epochs = 2", "epochs = 0")), "train.epochs");
        assertMentions(error(VALID.replace("split = test", "split = dev")), "evaluate.split");
        assertMentions(error(VALID.replace("epochs = 2", "epochs = many")), "train.epochs");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "exchange = fast")), "train.exchange", "jobs, live or allreduce", "fast");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "lr-scaling = double")), "train.lr-scaling", "double");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "exchange-precision = fp8")),
            "train.exchange-precision", "fp32, bf16 or fp16", "fp8");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "exchange-precision = bf16")),
            "train.exchange-precision: bf16 needs train.exchange live or allreduce");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "allreduce-pipeline = 0")),
            "train.allreduce-pipeline: must be between 1 and 1000000, got 0");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "keep-best = best")), "train.keep-best",
            "expected last, loss, accuracy or map", "best");
        assertMentions(error(VALID.replace("round-timeout-seconds = 60", "patience = 2")), "train.patience",
            "train.keep-best loss, accuracy or map");
        assertMentions(error("pipeline { run-root = x, stages = [ingest] \n ingest { dataset = idx, input = x }"), "p.conf");
    }

    @Test
    void keepBestMapIsReadAndRefusedNamingTheKeySinceTheStageTrainsNoDetector() {
        PipelineConfig.parse(VALID.replace("round-timeout-seconds = 60", "keep-best = loss, patience = 2"), "p.conf");
        UsageException map = error(VALID.replace("round-timeout-seconds = 60", "keep-best = map, patience = 2"));
        assertEquals("p.conf: train.keep-best map: ranks a detector's epochs (kind = yolo) by validation mAP@0.5; "
            + "train.model mlp is not a detector (keep its best epoch by loss or accuracy)", map.getMessage());
        assertEquals(EpochSelection.Metric.MAP, EpochSelection.parse("map", 2, "train.keep-best", "train.patience")
            .metric());
    }

    @Test
    void passageWordsIsTakenByTextDatasetsAndNamedElsewhere() {
        String brown = VALID.replace("dataset = fashion-mnist, input = \"data/fashion-mnist\"",
            "dataset = brown, input = \"data/brown\", passage-words = 80");
        assertEquals(List.of("ingest", "train", "evaluate"), PipelineConfig.parse(brown, "p.conf").stages());
        assertMentions(error(brown.replace("passage-words = 80", "passage-words = 0")), "ingest.passage-words");
        assertMentions(error(VALID.replace("input = \"data/fashion-mnist\"", "input = x, passage-words = 80")),
            "ingest.passage-words", "brown and text-corpus", "fashion-mnist");
    }

    @Test
    void fingerprintFollowsStageSettingsButNotSparkSettings() {
        String base = PipelineConfig.parse(VALID, "a").fingerprint();
        assertEquals(base, PipelineConfig.parse(VALID.replace("3g", "8g"), "b").fingerprint());
        assertEquals(base, PipelineConfig.parse(VALID.replace("{ run-root", "{ lease-seconds = 60, run-root"), "c").fingerprint());
        assertNotEquals(base, PipelineConfig.parse(VALID.replace("epochs = 2", "epochs = 3"), "d").fingerprint());
    }

    @Test
    void describeMasksCredentials() {
        String withKey = VALID.replace("input = \"data/fashion-mnist\"",
            "input = \"s3a://AKIAFAKEFAKEFAKE1234:fakeSecretValue@bucket/fm\"");
        String text = PipelineConfig.parse(withKey, "p.conf").describe();
        assertFalse(text.contains("AKIAFAKEFAKEFAKE1234") || text.contains("fakeSecretValue"), text);
        assertTrue(text.contains("s3a://*****@bucket/fm"), text);
    }

    @Test
    void shippedPipelineConfigs() throws IOException {
        Path root = ProjectDir.get();
        Path pipelines = root.resolve("conf/pipelines");
        PipelineConfig fashion = PipelineConfig.parse(Files.readString(pipelines.resolve("fashion-mnist.conf")), "fashion-mnist.conf");
        assertEquals(List.of("ingest", "train", "evaluate"), fashion.stages());
        PipelineConfig spam = PipelineConfig.parse(Files.readString(pipelines.resolve("spamassassin.conf")), "spamassassin.conf");
        assertEquals(List.of("ingest", "train", "evaluate"), spam.stages());
        // Its augment and tune files are named relative to the project folder, where bin/dlspark runs.
        String tunedText = Files.readString(pipelines.resolve("fashion-mnist-tuned.conf")).replace("\"conf/", "\"" + root + "/conf/");
        PipelineConfig tuned = PipelineConfig.parse(tunedText, "fashion-mnist-tuned.conf");
        assertEquals(List.of("ingest", "augment", "tune", "train", "evaluate"), tuned.stages());
    }
}
