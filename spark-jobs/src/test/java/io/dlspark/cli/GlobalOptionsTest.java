package io.dlspark.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobalOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static DlsparkCli parse(String... args) {
        CommandLine cli = DlsparkCli.newCommandLine();
        cli.parseArgs(args);
        return cli.getCommand();
    }

    @Test
    void masterAndConfAreAcceptedAfterTheSubcommand() {
        DlsparkCli cli = parse("ingest", "--dataset", "idx", "--input", "x", "--output", "y",
            "--master", "local[3]", "--conf", "spark.sql.shuffle.partitions=4");
        assertEquals("local[3]", cli.master);
        assertEquals(Map.of("spark.sql.shuffle.partitions", "4"), cli.conf);
    }

    @Test
    void confBeforeAndAfterTheSubcommandAddUp() {
        DlsparkCli cli = parse("--master", "local[2]", "--conf", "spark.a=1", "train", "--conf", "spark.b=2",
            "--data", "d", "--model", "mlp", "--output", "o");
        assertEquals("local[2]", cli.master);
        assertEquals(Map.of("spark.a", "1", "spark.b", "2"), cli.conf);
    }

    @Test
    void subcommandHelpListsTheGlobalOptions() {
        assertEquals(0, run("train", "--help"));
        assertTrue(out.toString().contains("--master") && out.toString().contains("--conf"), out.toString());
    }

    @Test
    void aParseErrorIsOneLinePlusWhereToFindHelp() {
        assertEquals(2, run("ingest", "--dataset", "idx", "--input", "x"));
        assertEquals(2, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--output") && err.toString().contains("Try 'dlspark ingest --help'."), err.toString());
    }

    @Test
    void anUnknownOptionIsReportedAsUnknown() {
        assertEquals(2, run("ingest", "--no-such-option"));
        assertTrue(err.toString().startsWith("dlspark ingest: usage error: unknown option --no-such-option"), err.toString());
        assertEquals(2, err.toString().lines().count(), err.toString());
    }

    @Test
    void anUnknownSubcommandIsReportedAsUnknown() {
        assertEquals(2, run("trian"));
        assertTrue(err.toString().startsWith("dlspark: usage error: unknown subcommand 'trian' (one of: ingest, augment, train"),
            err.toString());
    }

    @Test
    void versionNamesDlsparkDl4jAndSpark() {
        assertEquals(0, run("--version"));
        String v = out.toString();
        assertTrue(v.contains("dlspark ") && v.contains("Deeplearning4j 1.0.0-M2.1") && v.contains("Spark 4."), v);
    }
}
