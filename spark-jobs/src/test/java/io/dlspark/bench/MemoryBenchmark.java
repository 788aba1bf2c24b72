package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;
import org.bytedeco.javacpp.Pointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Native memory across training jobs in one JVM (issue 20): a small SpamAssassin shard set (the first
 * {@code --messages} messages of easy-ham-1, hard-ham-1 and spam-1) with its WordPiece vocabulary, then
 * {@code --jobs} runs of {@code dlspark train} with seeds 1, 2, ... on {@code local[2]}; after each, three Java
 * garbage collections and the process's resident memory. Set {@code MALLOC_MMAP_THRESHOLD_} (docs/operations.md) to
 * read live native memory instead of what glibc keeps after freeing.
 *
 * <pre>benchmarks/run.sh memory [--spamassassin data/spamassassin] [--messages 80] [--jobs 6] [--model bert-tiny]
 *     [--features wordpiece] [--epochs 1] [--batch-size 16] [--workers 2]</pre>
 */
public final class MemoryBenchmark {
    private static final List<String> GROUPS = List.of("easy-ham-1", "hard-ham-1", "spam-1");

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args, "--spamassassin", "--messages", "--jobs", "--model", "--features",
            "--epochs", "--batch-size", "--workers");
        Path input = Path.of(a.string("--spamassassin", "data/spamassassin"));
        int messages = a.integer("--messages", 80);
        int jobs = a.integer("--jobs", 6);
        String model = a.string("--model", "bert-tiny");
        String features = a.string("--features", "wordpiece");
        String epochs = Integer.toString(a.integer("--epochs", 1));
        String batch = Integer.toString(a.integer("--batch-size", 16));
        String workers = Integer.toString(a.integer("--workers", 2));
        for (String group : GROUPS) {
            if (!Files.isDirectory(input.resolve(group))) {
                throw new IllegalArgumentException("--spamassassin " + input + ": no " + group
                    + " folder (deploy/fetch-datasets.sh spamassassin installs it)");
            }
        }
        Path scratch = Files.createTempDirectory("dlspark-memory-bench");
        try {
            for (String group : GROUPS) {
                Path copy = Files.createDirectories(scratch.resolve("messages").resolve(group));
                try (Stream<Path> listed = Files.list(input.resolve(group))) {
                    for (Path message : listed.sorted().limit(messages).toList()) {
                        Files.copy(message, copy.resolve(message.getFileName()));
                    }
                }
            }
            String shards = scratch.resolve("shards").toUri().toString();
            BenchCli.Step ingest = BenchCli.step("ingest", "--dataset", "spamassassin", "--input",
                scratch.resolve("messages").toString(), "--output", shards);
            BenchCli.Step vocabulary = BenchCli.step("vocab", "--input", shards);
            System.out.printf(Locale.ROOT, "# memory: %d %s train jobs (%s features, %s epoch(s), batch %s, %s workers) "
                    + "in one JVM on local[2]; MALLOC_MMAP_THRESHOLD_=%s; load %s%n%s%s", jobs, model, features, epochs,
                batch, workers, System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "(unset)"), BenchCli.load(),
                ingest.output(), vocabulary.output());
            System.out.printf(Locale.ROOT, "before the jobs: resident %,d MB%n", residentMegabytes());
            for (int job = 1; job <= jobs; job++) {
                double seconds = BenchCli.run("train", "--model", model, "--features", features, "--data", shards,
                    "--epochs", epochs, "--batch-size", batch, "--workers", workers, "--seed", Integer.toString(job),
                    "--output", scratch.resolve("model-" + job).toUri().toString());
                System.out.printf(Locale.ROOT, "after job %d (%.1f s): resident %,d MB%n", job, seconds,
                    residentMegabytes());
            }
            System.out.printf(Locale.ROOT, "# load after: %s%n", BenchCli.load());
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The process's resident memory after three collections, so that unreachable arrays have been freed. */
    private static long residentMegabytes() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(500);
        }
        return Pointer.physicalBytes() >> 20;
    }
}
