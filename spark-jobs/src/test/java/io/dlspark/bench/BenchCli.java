package io.dlspark.bench;

import io.dlspark.cli.DlsparkCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs dlspark commands for the benchmarks in this JVM on {@code local[2]}, timed; a failure ends the benchmark. */
final class BenchCli {
    private BenchCli() {
    }

    /** A finished command: its wall time and what it printed on standard output. */
    record Step(double seconds, String output) {
    }

    /** Runs {@code dlspark args} on {@code local[2]} with the UI off and returns its wall time in seconds. */
    static double run(String... args) {
        return step(args).seconds();
    }

    /** A command that may have failed: its exit code, wall time, standard output and standard error. */
    record Attempt(int code, double seconds, String output, String error) {
        boolean ok() {
            return code == DlsparkCli.EXIT_OK;
        }
    }

    /** Runs {@code dlspark args} on {@code local[2]} with the UI off; its wall time and standard output. */
    static Step step(String... args) {
        Attempt attempt = attempt(args);
        if (!attempt.ok()) {
            throw new IllegalStateException("dlspark " + String.join(" ", args) + " exited " + attempt.code() + ":\n"
                + attempt.error() + attempt.output());
        }
        return new Step(attempt.seconds(), attempt.output());
    }

    /** Runs {@code dlspark args} on {@code local[2]} with the UI off and returns how it ended, failed or not. */
    static Attempt attempt(String... args) {
        List<String> full = new ArrayList<>(List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false"));
        full.addAll(Arrays.asList(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = DlsparkCli.run(new PrintWriter(out), new PrintWriter(err), full.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Attempt(code, seconds, out.toString(), err.toString());
    }

    /** The machine's load averages from {@code /proc/loadavg}, or "unknown". */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
