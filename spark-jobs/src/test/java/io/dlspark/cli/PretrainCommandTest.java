package io.dlspark.cli;

import io.dlspark.spark.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dlspark pretrain}: an unknown objective or a missing {@code --init-from} artifact is a one-line usage error
 * naming the option, with no output.
 */
class PretrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownObjectiveIsAOneLineUsageErrorNamingTheOption() {
        SparkTestSession.get();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), new String[] {"pretrain", "--objective", "clm",
            "--data", dir.resolve("shards").toString(), "--model", "bert-tiny", "--output", dir.resolve("out").toString()});
        assertEquals(DlsparkCli.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().startsWith("dlspark pretrain: usage error: --objective clm: unknown pretraining "
            + "objective (expected mlm)"), err.toString());
        assertEquals(List.of("Try 'dlspark pretrain --help'."), err.toString().strip().lines().skip(1).toList());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void initFromReachesTheJobAndAMissingArtifactIsAOneLineUsageError() throws Exception {
        SparkTestSession.get();
        Path texts = dir.resolve("texts");
        for (int i = 0; i < 12; i++) {
            Path file = texts.resolve(i % 2 == 0 ? "a" : "b").resolve("doc" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "the union of states makes a nation " + i + "\n");
        }
        String shards = dir.resolve("shards").toString();
        assertEquals(DlsparkCli.EXIT_OK, DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(
            new StringWriter()), new String[] {"ingest", "--dataset", "text-folder", "--input", texts.toString(),
                "--output", shards}));
        String missing = dir.resolve("no-artifact").toString();
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), new String[] {"pretrain",
            "--data", shards, "--model", "bert-tiny", "--init-from", missing, "--output", dir.resolve("out").toString()});
        assertEquals(DlsparkCli.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().startsWith("dlspark pretrain: usage error: --init-from " + missing
            + ": not a dlspark model artifact (no manifest.json there)"), err.toString());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
