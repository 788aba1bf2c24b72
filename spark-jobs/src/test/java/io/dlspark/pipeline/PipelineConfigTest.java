package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.testing.ProjectDir;
import org.junit.jupiter.api.Test;

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

    @Test
    void stagesWithoutACommandInThisBuildAreRejectedNamingTheKey() {
        UsageException augment = error(VALID.replace("[ingest, train, evaluate]", "[ingest, augment, train, evaluate]")
            + "\naugment { }");
        assertMentions(augment, "pipeline.stages", "augment", "dlspark augment", "does not exist yet");
        UsageException tune = error(VALID.replace("[ingest, train, evaluate]", "[tune, ingest, train, evaluate]"));
        assertMentions(tune, "pipeline.stages", "dlspark tune");
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
        assertMentions(error("pipeline { run-root = x, stages = [ingest] \n ingest { dataset = idx, input = x }"), "p.conf");
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
        Path dir = ProjectDir.get().resolve("conf/pipelines");
        PipelineConfig fashion = PipelineConfig.parse(Files.readString(dir.resolve("fashion-mnist.conf")), "fashion-mnist.conf");
        assertEquals(List.of("ingest", "train", "evaluate"), fashion.stages());
        PipelineConfig spam = PipelineConfig.parse(Files.readString(dir.resolve("spamassassin.conf")), "spamassassin.conf");
        assertEquals(List.of("ingest", "train", "evaluate"), spam.stages());
    }
}
