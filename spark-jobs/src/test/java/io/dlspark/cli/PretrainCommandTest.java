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

/** {@code dlspark pretrain}: an unknown objective is a one-line usage error naming the option, with no output. */
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
}
