package io.dlspark.cli;

import io.dlspark.spark.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command that starts its own Spark session prints the UI's address once; one that reuses a session prints none. */
class SparkUiAddressTest {
    @TempDir
    Path dir;

    /** A command that opens Spark, then fails fast on its output's URI scheme. */
    private String[] tune(String... global) {
        List<String> args = new java.util.ArrayList<>(List.of(global));
        args.addAll(List.of("tune", "--config", dir.resolve("t.conf").toString(), "--data", dir.toString(),
            "--output", "foo://x"));
        return args.toArray(new String[0]);
    }

    private static List<String> uiLines(String err) {
        return err.lines().filter(l -> l.contains("Spark UI")).toList();
    }

    @Test
    void ownSessionPrintsItsLoopbackUiAddressOnce() {
        SparkTestSession.get().stop();
        SparkTestSession.clearActive();
        StringWriter err = new StringWriter();
        int code = DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), tune("--master", "local[1]",
            "--conf", "spark.ui.enabled=true", "--conf", "spark.ui.port=0"));
        assertEquals(DlsparkCli.EXIT_USAGE, code, err.toString());
        List<String> lines = uiLines(err.toString());
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).matches("dlspark tune: Spark UI at http://127\\.0\\.0\\.1:\\d+"), lines.get(0));
    }

    @Test
    void reusedSessionPrintsNoAddress() {
        SparkTestSession.get();
        StringWriter err = new StringWriter();
        assertEquals(DlsparkCli.EXIT_USAGE, DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), tune()));
        assertEquals(List.of(), uiLines(err.toString()));
    }
}
