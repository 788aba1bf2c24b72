package io.dlspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.bench.BenchArgs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pretraining throughput of issue 20: the first {@code --files} documents of a text folder (the State of the Union
 * addresses by default) ingested once as a text corpus with its WordPiece vocabulary (untimed), then {@code dlspark pretrain --objective mlm} of
 * the same encoder with each worker count on {@code local[2]}; prints every epoch's samples/s, sequence positions/s
 * (samples/s x the model's {@code max-length}: BERT counts padded positions) and held-out MLM figures from the
 * artifact's {@code metrics.jsonl}.
 *
 * <pre>benchmarks/run.sh pretrain [--input data/sotu] [--files 12 (0: all)] [--model bert-tiny] [--length 128]
 *     [--epochs 2] [--batch-size 16] [--workers 1,2] [--seed 42]</pre>
 */
public final class PretrainBenchmark {
    private PretrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--input", "--files", "--model", "--length", "--epochs", "--batch-size",
            "--workers", "--seed");
        Path input = Path.of(a.string("--input", "data/sotu"));
        int files = a.integer("--files", 12);
        String model = a.string("--model", "bert-tiny");
        int length = a.integer("--length", 128);
        String epochs = Integer.toString(a.integer("--epochs", 2));
        String batch = Integer.toString(a.integer("--batch-size", 16));
        long[] workers = a.longIntegers("--workers", new long[] {1, 2});
        String seed = Long.toString(a.integer("--seed", 42));
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("--input " + input + ": not a folder of .txt documents");
        }
        Path scratch = Files.createTempDirectory("dlspark-pretrain-bench");
        try {
            Path corpus = Files.createDirectories(scratch.resolve("corpus"));
            List<Path> documents;
            try (Stream<Path> listed = Files.list(input)) {
                documents = listed.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted()
                    .limit(files > 0 ? files : Long.MAX_VALUE).toList();
            }
            for (Path document : documents) {
                Files.copy(document, corpus.resolve(document.getFileName()));
            }
            String shards = scratch.resolve("shards").toUri().toString();
            BenchCli.Step ingest = BenchCli.step("ingest", "--dataset", "text-corpus", "--input", corpus.toString(),
                "--output", shards, "--seed", seed);
            BenchCli.Step vocabulary = BenchCli.step("vocab", "--input", shards);
            System.out.printf(Locale.ROOT, "# pretrain: %s, %d document(s) of %s%n%s%s", model, documents.size(), input,
                ingest.output(), vocabulary.output());
            System.out.printf(Locale.ROOT, "# --epochs %s --batch-size %s --seed %s, local[2], load %s%n", epochs, batch,
                seed, BenchCli.load());
            for (long w : workers) {
                Path out = scratch.resolve("mlm-" + w);
                double seconds = BenchCli.run("pretrain", "--objective", "mlm", "--data", shards, "--model", model,
                    "--epochs", epochs, "--batch-size", batch, "--workers", Long.toString(w), "--seed", seed,
                    "--output", out.toUri().toString());
                System.out.printf(Locale.ROOT, "workers %d: pretrain took %.1f s in all%n", w, seconds);
                for (JsonNode epoch : epochs(out.resolve("metrics.jsonl"))) {
                    double samples = epoch.path("samplesPerSecond").asDouble(Double.NaN);
                    System.out.printf(Locale.ROOT, "  epoch %d: %.2f samples/s, %.0f positions/s%s%n",
                        epoch.path("epoch").asInt(), samples, samples * length, validation(epoch));
                }
            }
            System.out.printf(Locale.ROOT, "# load after: %s%n", BenchCli.load());
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The epoch lines of a {@code metrics.jsonl}. */
    static List<JsonNode> epochs(Path metrics) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** The epoch's validation figures (every numeric field whose name starts with "validation"). */
    static String validation(JsonNode epoch) {
        StringBuilder s = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = epoch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().startsWith("validation") && f.getValue().isNumber()) {
                s.append(String.format(Locale.ROOT, ", %s %.4f", f.getKey(), f.getValue().asDouble()));
            }
        }
        return s.toString();
    }
}
