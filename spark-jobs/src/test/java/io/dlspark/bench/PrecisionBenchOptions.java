package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;

import java.util.List;

/**
 * The exchange-precision benchmark's options: the Fashion-MNIST folder, how many training records (0: all), the
 * models and exchange precisions to cross, and the training options shared by every run.
 */
record PrecisionBenchOptions(String input, int trainRecords, List<String> models, List<String> precisions, int epochs,
                             long seed, int workers, String exchange) {
    static final List<String> PRECISIONS = List.of("fp32", "bf16", "fp16");
    private static final String[] KNOWN = {"--input", "--train-records", "--models", "--precisions", "--epochs",
        "--seed", "--workers", "--exchange"};

    /** Checks what can be checked before any step runs; a bad option fails naming it. */
    PrecisionBenchOptions {
        if (trainRecords < 0) {
            throw new IllegalArgumentException("--train-records " + trainRecords + ": must be 0 (all) or positive");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs " + epochs + ": must be positive");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers " + workers + ": must be positive");
        }
        if (models.isEmpty() || models.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--models " + String.join(",", models) + ": needs model names");
        }
        for (String precision : precisions) {
            if (!PRECISIONS.contains(precision)) {
                throw new IllegalArgumentException("--precisions: unknown precision " + precision + " (known: "
                    + String.join(",", PRECISIONS) + ")");
            }
        }
        if (precisions.isEmpty() || precisions.stream().distinct().count() != precisions.size()) {
            throw new IllegalArgumentException("--precisions " + String.join(",", precisions)
                + ": needs distinct precisions");
        }
        if (!exchange.equals("allreduce") && !exchange.equals("live")) {
            throw new IllegalArgumentException("--exchange " + exchange + ": must be allreduce or live");
        }
        models = List.copyOf(models);
        precisions = List.copyOf(precisions);
    }

    /** Parses the command line; an option not given takes its default. */
    static PrecisionBenchOptions parse(String[] args) {
        BenchArgs a = BenchArgs.parse(args, KNOWN);
        return new PrecisionBenchOptions(a.string("--input", "/usr/share/datasets/fashion-mnist"),
            a.integer("--train-records", 0), a.list("--models", List.of("lenet", "vgg11-small")),
            a.list("--precisions", PRECISIONS), a.integer("--epochs", 5), a.longInteger("--seed", 42),
            a.integer("--workers", 2), a.string("--exchange", "allreduce"));
    }

    /** One run's {@code dlspark train} options (without data and output). */
    List<String> training(String model, String precision) {
        return List.of("--model", model, "--epochs", Integer.toString(epochs), "--seed", Long.toString(seed),
            "--workers", Integer.toString(workers), "--threads-per-worker", "1", "--exchange", exchange,
            "--exchange-precision", precision, "--checkpoint-every-rounds", "0");
    }
}
