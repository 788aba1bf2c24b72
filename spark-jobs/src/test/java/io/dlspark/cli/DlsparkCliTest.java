package io.dlspark.cli;

import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.spark.SparkTestSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DlsparkCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void session() {
        SparkTestSession.get();
    }

    private int run(String... args) {
        return DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void helpListsSubcommandsAndGlobalOptions() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("ingest"), out.toString());
        assertTrue(out.toString().contains("--master") && out.toString().contains("--conf"), out.toString());
    }

    @Test
    void subcommandHelpShowsEveryOptionWithItsDefault() {
        assertEquals(0, run("ingest", "--help"));
        String help = out.toString();
        for (String option : new String[] {"--dataset", "--input", "--output", "--seed", "--val-fraction", "--partitions",
            "--max-bad-fraction", "--overwrite", "--image-shape", "--resize"}) {
            assertTrue(help.contains(option), option + " missing from\n" + help);
        }
        assertTrue(help.contains("Default: 42") && help.contains("Default: 0.1"), help);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("ingest", "--dataset", "idx", "--input", "x", "--output", "y", "--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }

    @Test
    void unknownDatasetKindNamesTheValidOnes() {
        assertEquals(2, run("ingest", "--dataset", "cifar", "--input", "x", "--output", "y"));
        assertTrue(err.toString().contains("cifar") && err.toString().contains("fashion-mnist"), err.toString());
    }

    @Test
    void missingInputIsAUsageErrorNamingThePath() {
        String missing = dir.resolve("missing").toString();
        assertEquals(2, run("ingest", "--dataset", "fashion-mnist", "--input", missing, "--output", dir.resolve("o").toString()));
        assertTrue(err.toString().contains(missing), err.toString());
    }

    @Test
    void badValueIsAUsageErrorNamingTheOption() {
        assertEquals(2, run("ingest", "--dataset", "fashion-mnist", "--input", "x", "--output", "y", "--val-fraction", "1.5"));
        assertTrue(err.toString().contains("--val-fraction"), err.toString());
    }

    @Test
    void sceneSettingErrorsNameTheOption() {
        assertEquals(2, run("ingest", "--dataset", "fashion-mnist-scenes", "--input", "x", "--output", "y",
            "--min-objects", "3", "--max-objects", "2"));
        assertTrue(err.toString().contains("--max-objects: must be >= min-objects (3), got 2"), err.toString());
        assertEquals(2, run("ingest", "--dataset", "fashion-mnist-scenes", "--input", "x", "--output", "y",
            "--train-scenes", "0"));
        assertTrue(err.toString().contains("--train-scenes: must be at least 1"), err.toString());
    }

    @Test
    void rcnnProposalAndSamplingErrorsNameTheOption() {
        assertEquals(2, run("ingest", "--dataset", "rcnn-regions", "--input", "x", "--output", "y", "--stride", "0"));
        assertTrue(err.toString().contains("--stride: must be >= 1, got 0"), err.toString());
        assertEquals(2, run("ingest", "--dataset", "rcnn-regions", "--input", "x", "--output", "y",
            "--backgrounds", "0"));
        assertTrue(err.toString().contains("--backgrounds: must be at least 1"), err.toString());
        assertEquals(2, run("rcnn", "--model", "m", "--data", "x", "--output", "y", "--window-sizes", "24,0"));
        assertTrue(err.toString().contains("--window-sizes: needs at least one size"), err.toString());
        assertEquals(2, run("rcnn", "--model", "m", "--data", "x", "--output", "y", "--nms", "2"));
        assertTrue(err.toString().contains("--nms: must be in [0, 1], got 2.0"), err.toString());
    }

    @Test
    void sixteenBitExchangeWithTheJobsExchangeOrAnUnknownPrecisionIsAUsageError() {
        assertEquals(2, run("train", "--data", "x", "--model", "mlp", "--output", "y", "--exchange-precision", "bf16"));
        assertTrue(err.toString().contains("--exchange-precision: bf16 needs --exchange live or allreduce"),
            err.toString());
        assertEquals(2, run("transfer", "--base", "b", "--data", "x", "--output", "y", "--exchange", "live",
            "--exchange-precision", "half"));
        assertTrue(err.toString().contains("--exchange-precision: expected fp32, bf16 or fp16, got 'half'"),
            err.toString());
    }

    @Test
    void anAllReducePipelineBelowOnePartIsAUsageError() {
        assertEquals(2, run("train", "--data", "x", "--model", "mlp", "--output", "y", "--exchange", "allreduce",
            "--allreduce-pipeline", "0"));
        assertTrue(err.toString().contains("--allreduce-pipeline: must be between 1 and 1000000, got 0"),
            err.toString());
    }

    @Test
    void patienceWithoutKeepBestIsAUsageErrorForTrainAndTransfer() {
        assertEquals(2, run("train", "--data", "x", "--model", "mlp", "--output", "y", "--patience", "2"));
        assertTrue(err.toString().contains("--patience needs --keep-best loss, accuracy or map"), err.toString());
        assertEquals(2, run("transfer", "--base", "b", "--data", "x", "--output", "y", "--keep-best", "best"));
        assertTrue(err.toString().contains("--keep-best: expected last, loss, accuracy or map, got 'best'"), err.toString());
    }

    @Test
    void confKeysMustBeSparkSettings() {
        assertEquals(2, run("--conf", "executor.memory=2g", "ingest", "--dataset", "idx", "--input", "x", "--output", "y"));
        assertTrue(err.toString().contains("executor.memory"), err.toString());
    }

    @Test
    void corruptDataIsAJobFailure() throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        IdxFixtures.writeMnistLike(input, 20, 10, 1);
        Files.write(input.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertEquals(1, run("ingest", "--dataset", "fashion-mnist", "--input", input.toString(), "--output",
            dir.resolve("out").toString()));
        assertTrue(err.toString().contains("train-images-idx3-ubyte.gz"), err.toString());
        assertTrue(Files.notExists(dir.resolve("out")));
    }

    @Test
    void successfulIngestPrintsASummaryAndExitsZero() throws IOException {
        Path input = IdxFixtures.writeMnistLike(dir.resolve("in"), 40, 10, 1);
        assertEquals(0, run("ingest", "--dataset", "fashion-mnist", "--input", input.toString(), "--output",
            dir.resolve("out").toString(), "--val-fraction", "0.25"), err.toString());
        assertTrue(out.toString().contains("train 30, validation 10, test 10"), out.toString());
    }

    @Test
    void augmentHelpListsItsOptionsAndMissingOutputIsAUsageError() {
        assertEquals(0, run("augment", "--help"));
        for (String option : new String[] {"--input", "--output", "--config", "--copies", "--seed", "--preview", "--count"}) {
            assertTrue(out.toString().contains(option), option + " missing from\n" + out);
        }
        assertEquals(2, run("augment", "--input", "x", "--config", "y.conf"));
        assertTrue(err.toString().contains("--output and --copies are required"), err.toString());
        assertEquals(2, run("augment", "--input", "x", "--config", "y.conf", "--preview", "p.png", "--output", "o"));
        assertTrue(err.toString().contains("--preview and --output exclude each other"), err.toString());
    }

    @Test
    void augmentAndPreviewFromTheCommandLine() throws IOException {
        Path input = IdxFixtures.writeMnistLike(dir.resolve("in"), 20, 10, 1);
        String shards = dir.resolve("shards").toString();
        String conf = Path.of("..", "conf", "augment", "fashion-mnist.conf").toString();
        assertEquals(0, run("ingest", "--dataset", "fashion-mnist", "--input", input.toString(), "--output", shards,
            "--val-fraction", "0.25"), err.toString());
        assertEquals(0, run("augment", "--input", shards, "--output", dir.resolve("aug").toString(), "--config", conf,
            "--copies", "2", "--seed", "4"), err.toString());
        assertTrue(out.toString().contains("train 30 (10 originals + 20 augmented, 2 copies, seed 4), validation 10, test 10"), out.toString());
        assertEquals(0, run("augment", "--preview", dir.resolve("p.png").toString(), "--input", shards, "--config", conf,
            "--count", "3"), err.toString());
        assertTrue(out.toString().contains("3 records, 7 augmented versions each"), out.toString());
        assertTrue(Files.size(dir.resolve("p.png")) > 0);
        assertEquals(2, run("augment", "--input", shards, "--output", dir.resolve("huge").toString(), "--config", conf,
            "--copies", "2000000000"));
        assertTrue(err.toString().contains("--copies 2000000000: the augmented training split would hold about 2.00e+10 records")
            && err.toString().contains("more than the cap of 2,147,483,647 records and 1.0 TiB"), err.toString());
        assertFalse(Files.exists(dir.resolve("huge")), "nothing written");
    }

    /** A subcommand that runs out of heap, as a too-large minibatch would. */
    @picocli.CommandLine.Command(name = "exhaust")
    static final class Exhaust implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** A subcommand whose job fails because ND4J's off-heap memory ran out in a task (the error arrives as a cause). */
    @picocli.CommandLine.Command(name = "exhaust-native")
    static final class ExhaustNative implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("Job aborted due to stage failure",
                new OutOfMemoryError("Cannot allocate new FloatPointer(268435456): totalBytes = 3G, physicalBytes = 5G"));
        }
    }

    /** A subcommand that fails with an exception dlspark did not anticipate. */
    @picocli.CommandLine.Command(name = "explode")
    static final class Explode implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("boom", new ArrayIndexOutOfBoundsException("Index 3 out of bounds for length 3"));
        }
    }

    /** Runs the test subcommand {@code command} (named {@code name}) through the CLI's error handling. */
    private int executeWith(Object command, String name) {
        picocli.CommandLine cli = DlsparkCli.newCommandLine().addSubcommand(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return DlsparkCli.execute(cli, name);
    }

    @Test
    void anUnexpectedFailureIsTwoLinesWithoutDlsparkDebug() {
        org.junit.jupiter.api.Assumptions.assumeFalse("1".equals(System.getenv("DLSPARK_DEBUG")));
        assertEquals(1, executeWith(new Explode(), "explode"));
        assertEquals(2, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("boom (caused by ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 3)")
            && err.toString().contains("DLSPARK_DEBUG=1"), err.toString());
    }

    @Test
    void outOfMemoryIsOneLineWithASizingHint() {
        assertEquals(1, executeWith(new Exhaust(), "exhaust"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("out of memory (Java heap space)") && err.toString().contains("-Xmx"), err.toString());
    }

    @Test
    void anOutOfMemoryErrorAmongTheCausesIsOneLineWithTheNativeSizingHint() {
        assertEquals(1, executeWith(new ExhaustNative(), "exhaust-native"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("(caused by OutOfMemoryError: Cannot allocate new FloatPointer")
            && err.toString().contains("raise -Dorg.bytedeco.javacpp.maxbytes"), err.toString());
    }
}
