package io.dlspark.bench;

import io.dlspark.cli.DlsparkCli;
import io.dlspark.core.bench.BenchArgs;
import io.dlspark.core.io.Json;
import io.dlspark.jobs.inference.GenerativeEvaluateJob;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generative benchmark on Fashion-MNIST through the dlspark CLI in local mode: ingest (optionally of the first N
 * training images), a LeNet domain classifier (its penultimate layer gives the FID features), each of
 * {@code --models} trained for E epochs on 2 workers, then {@code evaluate --generative} for each (FID against test
 * with the real-vs-real and uniform-noise baselines, class entropy and coverage, the VAE's test ELBO), and GAN
 * training samples/s on 2 workers (local[2]) against 1 worker in local[1] (single machine). Sample grids go to
 * {@code --grids}.
 * Options: {@code --data DIR} (Fashion-MNIST IDX, default data/fashion-mnist), {@code --train-limit N} (first N
 * training images, default all), {@code --work DIR}, {@code --models LIST} (default gan-mlp,dcgan,vae-mlp),
 * {@code --epochs E} (default 5), {@code --classifier-epochs C} (default 2), {@code --speed-model M} (default
 * gan-mlp), {@code --speed-epochs S} (default 1), {@code --grids DIR}.
 */
public final class GenerativeBenchmark {
    private GenerativeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long begin = System.nanoTime();
        BenchArgs a = BenchArgs.parse(args, "--data", "--train-limit", "--work", "--models", "--epochs",
            "--classifier-epochs", "--speed-model", "--speed-epochs", "--grids");
        String data = a.string("--data", "data/fashion-mnist");
        String limit = a.string("--train-limit", null);
        Path work = Path.of(a.string("--work", "target/bench-generative"));
        List<String> models = List.of(a.string("--models", "gan-mlp,dcgan,vae-mlp").split(","));
        String epochs = a.string("--epochs", "5");
        String classifierEpochs = a.string("--classifier-epochs", "2");
        String speedModel = a.string("--speed-model", "gan-mlp");
        String speedEpochs = a.string("--speed-epochs", "1");
        Path grids = Path.of(a.string("--grids", work.resolve("grids").toString()));
        Files.createDirectories(grids);
        Path shards = work.resolve(limit == null ? "shards" : "shards-" + limit);
        if (!Files.exists(shards.resolve("manifest.json"))) {
            String input = limit == null ? data
                : IdxSubset.write(Path.of(data), work.resolve("idx-" + limit), Integer.parseInt(limit)).toString();
            cli("local[2]", "ingest", "--dataset", "fashion-mnist", "--input", input, "--output", shards.toString());
        }
        String classifier = work.resolve("lenet").toString();
        cli("local[2]", "train", "--data", shards.toString(), "--model", "lenet", "--epochs", classifierEpochs,
            "--workers", "2", "--output", classifier, "--overwrite");
        List<String> summary = new ArrayList<>();
        for (String model : models) {
            String out = work.resolve(model).toString();
            long start = System.nanoTime();
            cli("local[2]", "train", "--data", shards.toString(), "--model", model, "--epochs", epochs, "--workers", "2",
                "--batch-size", "64", "--output", out, "--overwrite");
            double seconds = (System.nanoTime() - start) / 1e9;
            cli("local[2]", "evaluate", "--generative", "--model", out, "--data", shards.toString(), "--classifier",
                classifier, "--count", "5000");
            cli("local[2]", "generate", "--model", out, "--count", "64", "--output", grids.resolve(model + "-samples.png").toString());
            Path metrics = grids.resolve(model + "-metrics-generative.json");
            Files.copy(Path.of(out, "metrics-generative.json"), metrics, StandardCopyOption.REPLACE_EXISTING);
            GenerativeEvaluateJob.Report report = Json.read(Files.readString(metrics), GenerativeEvaluateJob.Report.class,
                metrics.toString());
            summary.add(String.format(Locale.ROOT, "%-8s %s epochs on 2 workers in %5.0f s: FID %.2f (train floor %.2f, noise"
                    + " ceiling %.2f), class entropy %.2f nats, coverage %d/10%s", model, epochs, seconds,
                report.generated().fid(), report.realTrain().fid(), report.uniformNoise().fid(),
                report.generated().classEntropy(), report.generated().classCoverage(),
                report.testLosses().containsKey("elbo")
                    ? String.format(Locale.ROOT, ", test ELBO %.2f nats", report.testLosses().get("elbo")) : ""));
        }
        if (models.contains("vae-mlp")) {
            String vae = work.resolve("vae-mlp").toString();
            cli("local[2]", "generate", "--model", vae, "--reconstruct", "--data", shards.toString(), "--count", "32",
                "--output", grids.resolve("vae-mlp-reconstructions.png").toString());
        }
        double two = speed("local[2]", "2", speedModel, shards, work, speedEpochs);
        double one = speed("local[1]", "1", speedModel, shards, work, speedEpochs);
        System.out.println("training data: " + (limit == null ? "all" : "the first " + limit) + " Fashion-MNIST training"
            + " images (minus the validation split); FID on 5000 samples against the 10000 test images");
        summary.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%s training samples/s: 2 workers %.0f, single machine (1 worker, local[1]) %.0f,"
            + " ratio %.2f%n", speedModel, two, one, two / one);
        System.out.printf(Locale.ROOT, "wall time %.0f s, load average at the end %.1f on %d cores%n",
            (System.nanoTime() - begin) / 1e9, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            Runtime.getRuntime().availableProcessors());
    }

    private static double speed(String master, String workers, String model, Path shards, Path work, String epochs)
        throws Exception {
        Path out = work.resolve("speed-" + workers);
        cli(master, "train", "--data", shards.toString(), "--model", model, "--epochs", epochs, "--workers", workers,
            "--batch-size", "64", "--output", out.toString(), "--overwrite");
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
}
