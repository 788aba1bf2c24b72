package io.dlspark.bench;

import io.dlspark.cli.DlsparkCli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generative benchmark on Fashion-MNIST through the dlspark CLI in local mode: ingest, a LeNet domain classifier
 * (its penultimate layer gives the FID features), gan-mlp and vae-mlp trained for E epochs on 2 workers, then
 * {@code evaluate --generative} for both (FID against test with the real-vs-real and uniform-noise baselines, class
 * entropy and coverage, the VAE's test ELBO), and GAN training samples/s on 2 workers against 1 worker in local[1]
 * (single machine). Sample grids are copied to {@code --grids}.
 * Options: {@code --data DIR} (Fashion-MNIST IDX, default data/fashion-mnist), {@code --work DIR}, {@code --epochs E}
 * (default 5), {@code --classifier-epochs C} (default 2), {@code --speed-epochs S} (default 1), {@code --grids DIR}.
 */
public final class GenerativeBenchmark {
    private GenerativeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String data = option(args, "--data", "data/fashion-mnist");
        Path work = Path.of(option(args, "--work", "target/bench-generative"));
        String epochs = option(args, "--epochs", "5");
        String classifierEpochs = option(args, "--classifier-epochs", "2");
        String speedEpochs = option(args, "--speed-epochs", "1");
        Path grids = Path.of(option(args, "--grids", work.resolve("grids").toString()));
        Files.createDirectories(grids);
        String shards = work.resolve("shards").toString();
        if (!Files.exists(work.resolve("shards/manifest.json"))) {
            cli("local[2]", "ingest", "--dataset", "fashion-mnist", "--input", data, "--output", shards);
        }
        String classifier = work.resolve("lenet").toString();
        cli("local[2]", "train", "--data", shards, "--model", "lenet", "--epochs", classifierEpochs, "--workers", "2",
            "--output", classifier, "--overwrite");
        List<String> summary = new ArrayList<>();
        for (String model : List.of("gan-mlp", "vae-mlp")) {
            String out = work.resolve(model).toString();
            long start = System.nanoTime();
            cli("local[2]", "train", "--data", shards, "--model", model, "--epochs", epochs, "--workers", "2",
                "--batch-size", "64", "--output", out, "--overwrite");
            double seconds = (System.nanoTime() - start) / 1e9;
            cli("local[2]", "evaluate", "--generative", "--model", out, "--data", shards, "--classifier", classifier,
                "--count", "5000");
            cli("local[2]", "generate", "--model", out, "--count", "64", "--output", grids.resolve(model + "-samples.png").toString());
            Files.copy(Path.of(out, "metrics-generative.json"), grids.resolve(model + "-metrics-generative.json"),
                StandardCopyOption.REPLACE_EXISTING);
            summary.add(String.format(Locale.ROOT, "%s: %s epochs on 2 workers in %.0f s; metrics in %s", model, epochs,
                seconds, grids.resolve(model + "-metrics-generative.json")));
        }
        cli("local[2]", "generate", "--model", work.resolve("vae-mlp").toString(), "--reconstruct", "--data", shards,
            "--count", "32", "--output", grids.resolve("vae-mlp-reconstructions.png").toString());
        cli("local[2]", "generate", "--model", work.resolve("vae-mlp").toString(), "--traverse", "--count", "100",
            "--output", grids.resolve("vae-mlp-traversal.png").toString());
        double two = speed("local[2]", "2", shards, work, speedEpochs);
        double one = speed("local[1]", "1", shards, work, speedEpochs);
        summary.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "gan-mlp training samples/s: 2 workers %.0f, single machine (1 worker, local[1]) %.0f, ratio %.2f%n",
            two, one, two / one);
    }

    private static double speed(String master, String workers, String shards, Path work, String epochs) throws Exception {
        Path out = work.resolve("speed-" + workers);
        cli(master, "train", "--data", shards, "--model", "gan-mlp", "--epochs", epochs, "--workers", workers,
            "--output", out.toString(), "--overwrite");
        String last = Files.readAllLines(out.resolve("metrics.jsonl")).stream().reduce((a, b) -> b).orElseThrow();
        int at = last.indexOf("\"samplesPerSecond\":");
        return Double.parseDouble(last.substring(at + 19).split("[,}]")[0]);
    }

    private static void cli(String master, String... args) {
        List<String> all = new ArrayList<>(List.of("--master", master));
        all.addAll(List.of(args));
        System.out.println("$ dlspark " + String.join(" ", all));
        int code = DlsparkCli.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), all.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("dlspark " + String.join(" ", all) + " exited with " + code);
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
