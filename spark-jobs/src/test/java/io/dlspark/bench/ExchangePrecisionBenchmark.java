package io.dlspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accuracy cost of 16-bit exchange (issue 19, part 2): ingests Fashion-MNIST once, then for each model and each
 * {@code --exchange-precision} runs {@code dlspark train} on {@code local[2]} (2 workers, all-reduce exchange, same
 * seed) and {@code dlspark evaluate} on the test split, and prints per run the epochs' losses, the test accuracy and
 * its difference to fp32 in points; a run whose loss turns non-finite is reported as diverged.
 *
 * <pre>benchmarks/run.sh exchange-precision [--input /usr/share/datasets/fashion-mnist] [--train-records N (0: all)]
 *     [--models lenet,vgg11-small] [--precisions fp32,bf16,fp16] [--epochs 5] [--seed 42] [--workers 2]
 *     [--exchange allreduce|live]</pre>
 */
public final class ExchangePrecisionBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EPOCH_LINE = Pattern.compile(
        "epoch (\\d+)/\\d+: train loss ([^,]+), validation accuracy ([^,]+),");

    private ExchangePrecisionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PrecisionBenchOptions options = PrecisionBenchOptions.parse(args);
        Path scratch = Files.createTempDirectory("dlspark-precision-bench");
        try {
            run(options, scratch);
        } finally {
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(PrecisionBenchOptions options, Path scratch) throws Exception {
        Path input = Path.of(options.input());
        Path source = options.trainRecords() > 0
            ? IdxSubset.write(input, scratch.resolve("subset"), options.trainRecords()) : input;
        String shards = scratch.resolve("shards").toUri().toString();
        BenchCli.run("ingest", "--dataset", "fashion-mnist", "--input", source.toString(), "--output", shards,
            "--seed", "42", "--val-fraction", "0.1");
        System.out.printf(Locale.ROOT, "# exchange precision: %s training records, %d epochs, %d workers, --exchange %s,"
                + " seed %d, %d cores, load: %s%n", options.trainRecords() > 0 ? options.trainRecords() : "all",
            options.epochs(), options.workers(), options.exchange(), options.seed(),
            Runtime.getRuntime().availableProcessors(), BenchCli.load());
        List<PrecisionRun> runs = new ArrayList<>();
        for (String model : options.models()) {
            for (String precision : options.precisions()) {
                PrecisionRun result = one(options, model, precision, shards, scratch);
                runs.add(result);
                System.out.printf(Locale.ROOT, "%n%s %s: train %.1f s, evaluate %.1f s, load %s%n%s", model, precision,
                    result.trainSeconds(), result.evaluateSeconds(), BenchCli.load(), PrecisionTable.format(runs));
                System.out.flush();
            }
        }
        System.out.printf(Locale.ROOT, "%n=== exchange precision ===%n%s", PrecisionTable.format(runs));
    }

    private static PrecisionRun one(PrecisionBenchOptions options, String model, String precision, String shards,
                                    Path scratch) throws Exception {
        String output = scratch.resolve(model + "-" + precision).toUri().toString();
        List<String> train = new ArrayList<>(List.of("train", "--data", shards, "--output", output));
        train.addAll(options.training(model, precision));
        System.out.printf(Locale.ROOT, "%n# dlspark %s%n", String.join(" ", train));
        System.out.flush();
        BenchCli.Attempt attempt = BenchCli.attempt(train.toArray(String[]::new));
        System.out.print(attempt.output());
        if (!attempt.ok()) {
            String said = attempt.error() + attempt.output();
            PrecisionRun.Divergence divergence = PrecisionRun.Divergence.in(said).orElseThrow(() ->
                new IllegalStateException("dlspark " + String.join(" ", train) + " exited " + attempt.code() + ":\n"
                    + said));
            return new PrecisionRun(model, precision, printedEpochs(attempt.output()), null, divergence,
                attempt.seconds(), 0);
        }
        double evaluateSeconds = BenchCli.run("evaluate", "--model", output, "--data", shards, "--split", "test",
            "--workers", Integer.toString(options.workers()));
        Path dir = Path.of(java.net.URI.create(output));
        Path metrics = dir.resolve("metrics-test.json");
        double accuracy = Json.read(Files.readString(metrics), EvaluationReport.class, metrics.toString()).accuracy();
        return new PrecisionRun(model, precision, loggedEpochs(dir.resolve("metrics.jsonl")), accuracy, null,
            attempt.seconds(), evaluateSeconds);
    }

    /** A finished run's epochs from its {@code metrics.jsonl}. */
    private static List<PrecisionRun.Epoch> loggedEpochs(Path file) throws Exception {
        List<PrecisionRun.Epoch> epochs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                epochs.add(new PrecisionRun.Epoch(node.get("epoch").asInt(), node.get("trainLoss").asDouble(),
                    number(node, "validationLoss"), number(node, "validationAccuracy")));
            }
        }
        return epochs;
    }

    /** A failed run's completed epochs from the lines {@code dlspark train} printed (no validation loss there). */
    static List<PrecisionRun.Epoch> printedEpochs(String output) {
        List<PrecisionRun.Epoch> epochs = new ArrayList<>();
        Matcher m = EPOCH_LINE.matcher(output);
        while (m.find()) {
            epochs.add(new PrecisionRun.Epoch(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), null,
                m.group(3).equals("n/a") ? null : Double.valueOf(m.group(3))));
        }
        return epochs;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }
}
