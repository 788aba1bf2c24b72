package io.dlspark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark transfer}'s option errors name the option the user typed, before Spark starts or anything is written. */
class TransferCommandTest {
    private final StringWriter err = new StringWriter();

    private int transfer(Path dir, String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("transfer", "--base",
            dir.resolve("base").toString(), "--data", dir.resolve("data").toString(), "--output", dir.resolve("out").toString()));
        args.addAll(java.util.List.of(options));
        return DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
    }

    @Test
    void aBadFineTuneLearningRateNamesFineTuneLr(@TempDir Path dir) {
        assertEquals(DlsparkCli.EXIT_USAGE, transfer(dir, "--fine-tune-lr", "-0.5"));
        String first = err.toString().lines().findFirst().orElse("");
        assertEquals("dlspark transfer: usage error: --fine-tune-lr: must be a positive number, got -0.5", first);
        assertFalse(err.toString().contains("--learning-rate"), err.toString());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aBadOptimizerNamesOptimizer(@TempDir Path dir) {
        assertEquals(DlsparkCli.EXIT_USAGE, transfer(dir, "--optimizer", "adagrad"));
        assertTrue(err.toString().startsWith("dlspark transfer: usage error: --optimizer: unknown optimizer 'adagrad'"),
            err.toString());
    }

    @Test
    void anUnknownPoolingNamesPooling(@TempDir Path dir) {
        assertEquals(DlsparkCli.EXIT_USAGE, transfer(dir, "--pooling", "max"));
        assertEquals("dlspark transfer: usage error: --pooling: cls or mean, got max",
            err.toString().lines().findFirst().orElse(""));
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void masterSettingsNameTheirOptions(@TempDir Path dir) {
        assertEquals(DlsparkCli.EXIT_USAGE, transfer(dir, "--batch-size", "0"));
        assertTrue(err.toString().startsWith("dlspark transfer: usage error: --batch-size: must be between 1 and"),
            err.toString());
    }
}
