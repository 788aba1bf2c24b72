package io.dlspark.pipeline;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.output.LeaseHolder;
import io.dlspark.spark.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark pipeline} in local[2]: stages, markers, idempotent re-runs, resume, exit codes, no leaked credentials. */
class PipelineRunnerTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path raw;
    private static Path runs;
    private static Path baseConfig;
    private static Result base;

    /** One full run, shared by the tests: the others copy it or re-run it. */
    @BeforeAll
    static void runOnce() throws IOException {
        SparkTestSession.get();
        raw = IdxFixtures.writeMnistLike(shared.resolve("raw"), 200, 40, 5);
        runs = shared.resolve("runs");
        baseConfig = config(shared, runs.toString(), "");
        base = cli("pipeline", "--config", baseConfig.toString(), "--run-id", "base");
    }

    private static Path config(Path folder, String runRoot, String trainExtra) throws IOException {
        Path file = folder.resolve("pipeline-" + System.nanoTime() + ".conf");
        Files.writeString(file, """
            pipeline { run-root = "%s", stages = [ingest, train, evaluate] }
            ingest { dataset = fashion-mnist, input = "%s", seed = 3, val-fraction = 0.2, partitions = 2 }
            train { model = mlp, epochs = 1, workers = 2, batch-size = 16, averaging-frequency = 2, seed = 5 %s }
            evaluate { split = test, workers = 2 }
            """.formatted(runRoot, raw, trainExtra));
        return file;
    }

    private Path config(String runRoot, String trainExtra) throws IOException {
        return config(dir, runRoot, trainExtra);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void runsEveryStageOnceAndAFinishedRunIdDoesNothing() throws IOException {
        assertEquals(0, base.exit(), base.err());
        Path run = runs.resolve("base");
        for (String stage : new String[] {"ingest", "train", "evaluate"}) {
            assertTrue(Files.exists(run.resolve("_stages").resolve(stage).resolve("_SUCCESS")), stage + " marker");
            assertTrue(base.out().contains("stage " + stage + ": done in"), base.out());
        }
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
        assertTrue(Files.exists(run.resolve("train/model.zip")) && Files.exists(run.resolve("evaluate/metrics-test.json")));
        assertFalse(Files.exists(run.resolve("_LOCK")), "the lock is released");
        long modelTime = Files.getLastModifiedTime(run.resolve("train/model.zip")).toMillis();

        Result again = cli("pipeline", "--config", baseConfig.toString(), "--run-id", "base");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("already finished"), again.out());
        assertEquals(modelTime, Files.getLastModifiedTime(run.resolve("train/model.zip")).toMillis(), "nothing re-ran");
    }

    @Test
    void aFailedRunResumesAtItsFirstUnfinishedStage() throws IOException {
        assertEquals(0, base.exit(), base.err());
        Path run = runs.resolve("resumed");
        copyTree(runs.resolve("base"), run);
        // As if the process died during evaluate: no evaluate marker, no run marker.
        Files.delete(run.resolve("_SUCCESS"));
        Files.delete(run.resolve("_stages/evaluate/_SUCCESS"));
        long shardsTime = Files.getLastModifiedTime(run.resolve("ingest/manifest.json")).toMillis();

        Result resumed = cli("pipeline", "--config", baseConfig.toString(), "--run-id", "resumed");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("stage ingest: done in an earlier attempt"), resumed.out());
        assertTrue(resumed.out().contains("stage train: done in an earlier attempt"), resumed.out());
        assertTrue(resumed.out().contains("stage evaluate: running"), resumed.out());
        assertEquals(shardsTime, Files.getLastModifiedTime(run.resolve("ingest/manifest.json")).toMillis());
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
    }

    /** Copies a folder tree, keeping file times. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void otherStageSettingsUnderTheSameRunIdAreAConfigurationError() throws IOException {
        assertEquals(0, base.exit(), base.err());
        Result changed = cli("pipeline", "--config", config(runs.toString(), ", learning-rate = 0.01").toString(),
            "--run-id", "base");
        assertEquals(2, changed.exit(), changed.err());
        assertTrue(changed.err().contains("other stage settings") && changed.err().contains("new --run-id"), changed.err());
    }

    @Test
    void aPreflightFailureDoesNotBindTheRunId() throws IOException {
        Path runs = dir.resolve("runs");
        Path tooMany = dir.resolve("too-many.conf");
        Files.writeString(tooMany, Files.readString(baseConfig).replace("workers = 2, batch-size", "workers = 64, batch-size")
            .replace(PipelineRunnerTest.runs.toString(), runs.toString()));
        Result refused = cli("pipeline", "--config", tooMany.toString(), "--run-id", "r6");
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("train.workers=64"), refused.err());
        assertFalse(Files.exists(runs.resolve("r6").resolve("_RUN.json")), "the refused run recorded no settings");
        Result fixed = cli("pipeline", "--config", config(runs.toString(), "").toString(), "--run-id", "r6");
        assertEquals(0, fixed.exit(), fixed.err());
    }

    @Test
    void aRunHeldByAnotherLiveProcessExitsWith75() throws IOException {
        Path runs = dir.resolve("runs");
        Path run = runs.resolve("r4");
        Files.createDirectories(run);
        // A live process of this host (this JVM) with another token holds a fresh lease.
        Files.writeString(run.resolve("_LOCK"), io.dlspark.core.io.Json.pretty(new LeaseHolder("someone-else",
            LeaseHolder.hostName(), ProcessHandle.current().pid(), 600_000, "now")));
        Result blocked = cli("pipeline", "--config", config(runs.toString(), "").toString(), "--run-id", "r4");
        assertEquals(DlsparkCli.EXIT_RUN_IN_PROGRESS, blocked.exit(), blocked.err());
        assertTrue(blocked.err().contains("in progress") && blocked.err().contains("_LOCK"), blocked.err());
        assertFalse(Files.exists(run.resolve("ingest")), "nothing ran");
    }

    @Test
    void configurationErrorsExitWith2BeforeAnythingRuns() throws IOException {
        Path runs = dir.resolve("runs");
        Result bad = cli("pipeline", "--config", config(runs.toString(), ", epocs = 3").toString(), "--run-id", "r5");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("train.epocs"), bad.err());
        Result badId = cli("pipeline", "--config", config(runs.toString(), "").toString(), "--run-id", "../escape");
        assertEquals(2, badId.exit());
        assertTrue(badId.err().contains("--run-id"), badId.err());
        Result missing = cli("pipeline", "--config", dir.resolve("nope.conf").toString(), "--run-id", "r5");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.conf"), missing.err());
        assertFalse(Files.exists(runs.resolve("r5")));
    }

    @Test
    void aFakeKeyAppearsInNoOutputErrorOrRunFile() throws IOException {
        String keyId = "AKIAFAKEFAKEFAKE9876";
        String secret = "fAkE+secret/Value0123456789";
        Path runs = dir.resolve("runs");
        Path conf = dir.resolve("creds.conf");
        Files.writeString(conf, """
            pipeline { run-root = "%s", stages = [ingest] }
            spark { hadoop.fs.s3a.access.key = "%s", hadoop.fs.s3a.secret.key = "%s" }
            ingest { dataset = fashion-mnist, input = "file://%s:%s@localhost/no/such/dir" }
            """.formatted(runs, keyId, secret, keyId, secret));
        Result failed = cli("pipeline", "--config", conf.toString(), "--run-id", "creds");
        assertTrue(failed.exit() == 1 || failed.exit() == 2, "the ingest of a missing input fails: " + failed.err());
        String all = failed.out() + failed.err() + filesUnder(runs);
        assertFalse(all.contains(keyId) || all.contains(secret), all);
        assertTrue(failed.err().contains("*****@localhost/no/such/dir"), failed.err());
    }

    private static String filesUnder(Path root) throws IOException {
        StringBuilder text = new StringBuilder();
        if (!Files.exists(root)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }
}
