package io.dlspark.bench;

import io.dlspark.core.bench.BenchArgs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The detection benchmark's options: scene counts (the R-CNN trains on the first {@code --rcnn-train-scenes} of the
 * training scenes: scene i depends only on the seed and i) and generator settings, each detector's training options
 * (the one-stage detector keeps its best epoch by validation mAP@0.5 unless {@code --yolo-keep-best last}), the
 * workers and the optional picture; {@code --quick} (a flag) lowers the defaults to a run of a few minutes. {@code
 * --yolo-artifact} and {@code --rcnn-artifact} name trained detector artifacts to measure instead of training them.
 */
record DetectionBenchOptions(String input, long seed, int trainScenes, int rcnnTrainScenes, int validationScenes,
                             int testScenes,
                             int canvasSize, int minObjects, int maxObjects, String yoloModel, int yoloEpochs,
                             String yoloKeepBest, int batchSize, String augment, String rcnnModel, int rcnnEpochs,
                             int rcnnBatchSize, String rcnnAugment, int regressionImages, int workers, String picture,
                             String yoloArtifact, String rcnnArtifact, boolean quick) {
    static final String QUICK = "--quick";
    private static final String[] KNOWN = {"--input", "--seed", "--train-scenes", "--rcnn-train-scenes",
        "--validation-scenes",
        "--test-scenes", "--canvas-size", "--min-objects", "--max-objects", "--yolo-model", "--yolo-epochs",
        "--yolo-keep-best", "--batch-size", "--augment", "--rcnn-model", "--rcnn-epochs", "--rcnn-batch-size",
        "--rcnn-augment", "--regression-images", "--workers", "--picture", "--yolo-artifact", "--rcnn-artifact"};
    /** The region classifier's flips: a path under the project root, where benchmarks/run.sh runs. */
    static final String RCNN_AUGMENT = "conf/augment/fashion-mnist-flip.conf";
    /** The one-stage detector's box-aware flips and shifts, under the project root. */
    static final String YOLO_AUGMENT = "conf/augment/scenes-boxes.conf";

    /** Checks what can be checked before any step runs; a bad option fails naming it. */
    DetectionBenchOptions {
        positive("--train-scenes", trainScenes);
        positive("--rcnn-train-scenes", rcnnTrainScenes);
        positive("--test-scenes", testScenes);
        positive("--yolo-epochs", yoloEpochs);
        positive("--rcnn-epochs", rcnnEpochs);
        positive("--rcnn-batch-size", rcnnBatchSize);
        positive("--workers", workers);
        if (!yoloKeepBest.equals("map") && !yoloKeepBest.equals("last")) {
            throw new IllegalArgumentException("--yolo-keep-best: expected map or last, got '" + yoloKeepBest + "'");
        }
        if (yoloKeepBest.equals("map") && validationScenes < 1) {
            throw new IllegalArgumentException("--validation-scenes: --yolo-keep-best map picks the epoch on validation "
                + "scenes, got " + validationScenes + " (or give --yolo-keep-best last)");
        }
        if (picture != null && !picture.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--picture " + picture + ": must end in .png");
        }
        artifactOrNull("--yolo-artifact", yoloArtifact);
        artifactOrNull("--rcnn-artifact", rcnnArtifact);
    }

    /** True when both detectors are given as artifacts, so that no training scenes are needed. */
    boolean trainsNothing() {
        return yoloArtifact != null && rcnnArtifact != null;
    }

    /** Parses the command line; an option not given takes the full or the {@code --quick} default. */
    static DetectionBenchOptions parse(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean quick = rest.remove(QUICK);
        BenchArgs a = BenchArgs.parse(rest.toArray(String[]::new), KNOWN);
        String rcnnAugment = a.string("--rcnn-augment", RCNN_AUGMENT);
        if (a.has("--rcnn-augment")) {
            fileOrNone("--rcnn-augment", rcnnAugment);
        }
        String augment = a.string("--augment", YOLO_AUGMENT);
        if (a.has("--augment")) {
            fileOrNone("--augment", augment);
        }
        return new DetectionBenchOptions(a.string("--input", "/usr/share/datasets/fashion-mnist"),
            a.longInteger("--seed", 42),
            a.integer("--train-scenes", quick ? 1_000 : 30_000),
            a.integer("--rcnn-train-scenes", quick ? 1_000 : 10_000),
            a.integer("--validation-scenes", quick ? 100 : 1_000),
            a.integer("--test-scenes", quick ? 200 : 1_000),
            a.integer("--canvas-size", 96), a.integer("--min-objects", 1), a.integer("--max-objects", 5),
            a.string("--yolo-model", "yolo-fashion"),
            a.integer("--yolo-epochs", quick ? 2 : 8),
            a.string("--yolo-keep-best", "map"),
            a.integer("--batch-size", 32),
            augment,
            a.string("--rcnn-model", "resnet8w-regions"),
            a.integer("--rcnn-epochs", quick ? 1 : 3),
            a.integer("--rcnn-batch-size", 128),
            rcnnAugment,
            a.integer("--regression-images", quick ? 200 : 1_000),
            a.integer("--workers", 2),
            a.string("--picture", null),
            a.string("--yolo-artifact", null),
            a.string("--rcnn-artifact", null),
            quick);
    }

    /** The scene generator options shared by both ingests of the scenes. */
    List<String> sceneOptions() {
        return List.of("--seed", Long.toString(seed), "--canvas-size", Integer.toString(canvasSize),
            "--min-objects", Integer.toString(minObjects), "--max-objects", Integer.toString(maxObjects));
    }

    /**
     * The one-stage detector's {@code dlspark train} options (without data and output); by default it keeps the epoch
     * with the best validation mAP@0.5.
     */
    List<String> yoloTraining() {
        List<String> options = new ArrayList<>(List.of("--model", yoloModel, "--epochs", Integer.toString(yoloEpochs),
            "--keep-best", yoloKeepBest, "--batch-size", Integer.toString(batchSize)));
        if (!augment.equals("none")) {
            options.addAll(List.of("--augment", augment));
        }
        options.addAll(common());
        return options;
    }

    /**
     * The R-CNN region classifier's {@code dlspark train} options (without data and output): by default the wide
     * ResNet-8 of the Fashion-MNIST recipe, batch 128, K = 8, the rate scaled with the workers, flips.
     */
    List<String> rcnnTraining() {
        List<String> options = new ArrayList<>(List.of("--model", rcnnModel, "--epochs", Integer.toString(rcnnEpochs),
            "--batch-size", Integer.toString(rcnnBatchSize), "--averaging-frequency", "8", "--lr-scaling", "linear"));
        if (!rcnnAugment.equals("none")) {
            options.addAll(List.of("--augment", rcnnAugment));
        }
        options.addAll(common());
        return options;
    }

    /** An augmentation option names an existing file or {@code none}. */
    private static void fileOrNone(String option, String value) {
        if (!value.equals("none") && !Files.isRegularFile(Path.of(value))) {
            throw new IllegalArgumentException(option + " " + value + ": no such file (or give none)");
        }
    }

    /** A given artifact option names a directory holding a manifest. */
    private static void artifactOrNull(String option, String value) {
        if (value != null && !Files.isRegularFile(Path.of(value).resolve("manifest.json"))) {
            throw new IllegalArgumentException(option + " " + value + ": not an artifact directory (no manifest.json)");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + ": must be at least 1, got " + value);
        }
    }

    private List<String> common() {
        return List.of("--workers", Integer.toString(workers), "--threads-per-worker", "1",
            "--checkpoint-every-rounds", "0", "--seed", Long.toString(seed));
    }
}
