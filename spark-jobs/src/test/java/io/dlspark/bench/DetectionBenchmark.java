package io.dlspark.bench;

import io.dlspark.core.io.Json;
import io.dlspark.spark.SparkSessions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 21's detection benchmark: scene ingest, then both detectors trained, evaluated (mAP from metrics-test.json)
 * and timed by {@code dlspark detect} over the test scenes, each command through {@code DlsparkCli.run} on
 * {@code local[2]}; one table against the targets (docs/performance.md).
 *
 * <pre>benchmarks/run.sh detection [--quick] [--input /usr/share/datasets/fashion-mnist] [--seed 42]
 *     [--train-scenes 30000] [--rcnn-train-scenes 10000] [--validation-scenes 1000] [--test-scenes 1000]
 *     [--canvas-size 96] [--min-objects 1] [--max-objects 5] [--yolo-model yolo-fashion] [--yolo-epochs 8]
 *     [--yolo-keep-best map | last] [--batch-size 32]
 *     [--augment conf/augment/scenes-boxes.conf | none]
 *     [--rcnn-model resnet8w-regions] [--rcnn-epochs 3] [--rcnn-batch-size 128]
 *     [--rcnn-augment conf/augment/fashion-mnist-flip.conf | none] [--regression-images 1000] [--workers 2]
 *     [--picture detect.png] [--yolo-artifact DIR] [--rcnn-artifact DIR]</pre>
 */
public final class DetectionBenchmark {
    static final double YOLO_MAP50_TARGET = 0.90;
    static final double RCNN_MAP50_TARGET = 0.70;
    static final double SPEED_RATIO_TARGET = 10;

    private DetectionBenchmark() {
    }

    /** One detector's outcome: test mAPs, training seconds (all its training steps; NaN for a
     * given artifact) and detect images/s. */
    record Outcome(String detector, double map50, double map50to95, double trainSeconds, double imagesPerSecond,
                   double target) {
    }

    public static void main(String[] args) throws Exception {
        DetectionBenchOptions options = DetectionBenchOptions.parse(args);
        Path scratch = Files.createTempDirectory("dlspark-detection-bench");
        // One session for every command: each command's time is its own work, not a Spark start and stop.
        try (SparkSessions.Handle spark = SparkSessions.open("dlspark detection benchmark", "local[2]",
            Map.of("spark.ui.enabled", "false"))) {
            run(options, scratch);
        } finally {
            try (var paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(DetectionBenchOptions o, Path scratch) throws Exception {
        String workers = Integer.toString(o.workers());
        System.out.printf(Locale.ROOT, "# detection benchmark%s: %d (R-CNN: the first %d)/%d/%d train/validation/test "
                + "scenes of %dx%d, %d to %d objects; %d cores, load: %s%n", o.quick() ? " (--quick)" : "",
            o.trainScenes(), o.rcnnTrainScenes(), o.validationScenes(), o.testScenes(), o.canvasSize(), o.canvasSize(),
            o.minObjects(), o.maxObjects(), Runtime.getRuntime().availableProcessors(), BenchCli.load());
        // The test scenes (same seed and settings; test scenes use only t10k objects) with a single training scene,
        // so that detect, which reads every split, times the test scenes; both detectors are evaluated on them.
        String testOnly = uri(scratch.resolve("test-scenes"));
        step("ingest test scenes for detect", ingest(o, testOnly, 1, 0));
        String scenes = null;
        if (o.yoloArtifact() == null) {
            scenes = uri(scratch.resolve("scenes"));
            step("ingest scenes", ingest(o, scenes, o.trainScenes(), o.validationScenes()));
        }
        // The R-CNN's scenes: the first --rcnn-train-scenes of the same generator (scene i depends on seed and i only).
        String rcnnScenes = null;
        if (o.rcnnArtifact() == null) {
            rcnnScenes = scenes != null && o.rcnnTrainScenes() == o.trainScenes() ? scenes
                : uri(scratch.resolve("rcnn-scenes"));
            if (!rcnnScenes.equals(scenes)) {
                step("ingest R-CNN scenes", ingest(o, rcnnScenes, o.rcnnTrainScenes(), o.validationScenes()));
            }
        }

        String yolo;
        double yoloTrain;
        if (o.yoloArtifact() != null) {
            yolo = given(o.yoloArtifact());
            yoloTrain = Double.NaN;
        } else {
            yolo = uri(scratch.resolve("yolo"));
            yoloTrain = step("train " + o.yoloModel(), with(List.of("train", "--data", scenes, "--output", yolo),
                o.yoloTraining()));
        }
        String yoloName = o.yoloArtifact() != null ? "one-stage (given)" : o.yoloModel();
        step("evaluate " + yoloName, "evaluate", "--model", yolo, "--data", testOnly, "--split", "test",
            "--workers", workers);
        double yoloSpeed = imagesPerSecond(yoloName, yolo, testOnly, scratch.resolve("yolo.jsonl"), workers);
        if (o.picture() != null) {
            step("picture", "detect", "--model", yolo, "--input", testOnly, "--output",
                Path.of(o.picture()).toAbsolutePath().toString(), "--workers", workers, "--min-score", "0.3");
        }

        String rcnn;
        double rcnnTrain;
        if (o.rcnnArtifact() != null) {
            rcnn = given(o.rcnnArtifact());
            rcnnTrain = Double.NaN;
        } else {
            String regions = uri(scratch.resolve("regions"));
            String classifier = uri(scratch.resolve("region-classifier"));
            rcnn = uri(scratch.resolve("rcnn"));
            rcnnTrain = step("ingest rcnn-regions", "ingest", "--dataset", "rcnn-regions", "--input", rcnnScenes,
                "--output", regions, "--seed", Long.toString(o.seed()));
            rcnnTrain += step("train " + o.rcnnModel() + " (regions)", with(List.of("train", "--data", regions,
                "--output", classifier), o.rcnnTraining()));
            rcnnTrain += step("rcnn (box regression)", "rcnn", "--model", classifier, "--data", rcnnScenes, "--output",
                rcnn, "--regression-images", Integer.toString(o.regressionImages()));
        }
        step("evaluate R-CNN", "evaluate", "--model", rcnn, "--data", testOnly, "--split", "test", "--workers", workers);
        double rcnnSpeed = imagesPerSecond("R-CNN", rcnn, testOnly, scratch.resolve("rcnn.jsonl"), workers);

        List<Outcome> outcomes = List.of(
            outcome(o.yoloArtifact() != null ? yoloName : yoloName + " (one-stage)", yolo, yoloTrain, yoloSpeed,
                YOLO_MAP50_TARGET),
            outcome(o.rcnnArtifact() != null ? "R-CNN (given)" : "R-CNN (" + o.rcnnModel() + " regions)", rcnn,
                rcnnTrain, rcnnSpeed, RCNN_MAP50_TARGET));
        System.out.print(table(outcomes, o.testScenes()));
        System.out.printf(Locale.ROOT, "# load after: %s%n", BenchCli.load());
    }

    /** A given artifact directory as the URI every command and {@link #outcome} read. */
    private static String given(String artifact) {
        return Path.of(artifact).toAbsolutePath().toUri().toString();
    }

    private static String[] ingest(DetectionBenchOptions o, String output, int train, int validation) {
        List<String> args = new ArrayList<>(List.of("ingest", "--dataset", "fashion-mnist-scenes", "--input", o.input(),
            "--output", output, "--train-scenes", Integer.toString(train), "--validation-scenes",
            Integer.toString(validation), "--test-scenes", Integer.toString(o.testScenes())));
        args.addAll(o.sceneOptions());
        return args.toArray(String[]::new);
    }

    /** {@code dlspark detect} of {@code model} over {@code input} to JSON lines, timed: images (lines) per second. */
    private static double imagesPerSecond(String name, String model, String input, Path jsonl, String workers)
        throws Exception {
        double seconds = step("detect " + name, "detect", "--model", model, "--input", input, "--output",
            jsonl.toString(), "--workers", workers);
        long images;
        try (var lines = Files.lines(jsonl)) {
            images = lines.filter(l -> !l.isBlank()).count();
        }
        System.out.printf(Locale.ROOT, "  %d images in %.1f s: %.2f images/s%n", images, seconds, images / seconds);
        return images / seconds;
    }

    private static Outcome outcome(String detector, String model, double trainSeconds, double imagesPerSecond,
                                   double target) throws Exception {
        Path file = Path.of(URI.create(model)).resolve("metrics-test.json");
        Map<?, ?> metrics = Json.read(Files.readString(file), Map.class, file.toString());
        return new Outcome(detector, number(metrics.get("map50")), number(metrics.get("map50to95")), trainSeconds,
            imagesPerSecond, target);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The result table: one row per detector, then the images/s ratio, each against its target. */
    static String table(List<Outcome> outcomes, int testScenes) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "%n=== detection: %d held-out test scenes ===%n%-28s %9s %14s %12s %10s   %s%n", testScenes, "detector",
            "mAP@0.5", "mAP@[.5:.95]", "training s", "images/s", "target mAP@0.5"));
        for (Outcome r : outcomes) {
            String trained = Double.isNaN(r.trainSeconds()) ? "given"
                : String.format(Locale.ROOT, "%.1f", r.trainSeconds());
            out.append(String.format(Locale.ROOT, "%-28s %9.4f %14.4f %12s %10.2f   >= %.2f: %s%n", r.detector(),
                r.map50(), r.map50to95(), trained, r.imagesPerSecond(), r.target(),
                verdict(r.map50() >= r.target())));
        }
        double ratio = outcomes.get(0).imagesPerSecond() / outcomes.get(1).imagesPerSecond();
        out.append(String.format(Locale.ROOT, "images/s ratio, one-stage / R-CNN: %.1f   >= %.0f: %s%n", ratio,
            SPEED_RATIO_TARGET, verdict(ratio >= SPEED_RATIO_TARGET)));
        return out.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    private static double step(String label, String... args) {
        BenchCli.Step step = BenchCli.step(args);
        System.out.printf(Locale.ROOT, "%-40s %8.1f s   %s%n", label, step.seconds(), lastLine(step.output()));
        return step.seconds();
    }

    private static String[] with(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    private static String lastLine(String output) {
        String trimmed = output.strip();
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }

    private static String uri(Path path) {
        return path.toUri().toString();
    }
}
