package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.detect.SceneSettings;
import io.dlspark.core.shard.Split;
import picocli.CommandLine.Option;

import java.util.Map;

/** The options of {@code ingest --dataset fashion-mnist-scenes}: scenes per split and the generator's settings. */
final class SceneOptions {
    private static final SceneSettings DEFAULTS = SceneSettings.defaults();

    @Option(names = "--train-scenes", paramLabel = "N", description = "Scenes: train scenes to compose.")
    long trainScenes = 10_000;

    @Option(names = "--validation-scenes", paramLabel = "N",
        description = "Scenes: validation scenes, from the training images held out by --val-fraction.")
    long validationScenes = 1_000;

    @Option(names = "--test-scenes", paramLabel = "N", description = "Scenes: test scenes, from the t10k images only.")
    long testScenes = 1_000;

    @Option(names = "--canvas-size", paramLabel = "PX", description = "Scenes: side of the square canvas.")
    int canvasSize = DEFAULTS.canvasSize();

    @Option(names = "--min-objects", paramLabel = "N", description = "Scenes: fewest objects per scene.")
    int minObjects = DEFAULTS.minObjects();

    @Option(names = "--max-objects", paramLabel = "N", description = "Scenes: most objects per scene.")
    int maxObjects = DEFAULTS.maxObjects();

    @Option(names = "--min-scale", paramLabel = "S", description = "Scenes: smallest object scale factor.")
    double minScale = DEFAULTS.minScale();

    @Option(names = "--max-scale", paramLabel = "S", description = "Scenes: largest object scale factor.")
    double maxScale = DEFAULTS.maxScale();

    @Option(names = "--max-overlap", paramLabel = "IOU", description = "Scenes: largest IoU between two objects' boxes.")
    double maxOverlap = DEFAULTS.maxOverlap();

    @Option(names = "--noise-amplitude", paramLabel = "V", description = "Scenes: background noise uniform in [0, V].")
    int noiseAmplitude = DEFAULTS.noiseAmplitude();

    @Option(names = "--placement-attempts", paramLabel = "N",
        description = "Scenes: positions tried per object before it is left out.")
    int placementAttempts = DEFAULTS.placementAttempts();

    /** The generator settings; an invalid one fails naming its option. */
    SceneSettings settings() {
        try {
            return new SceneSettings(canvasSize, minObjects, maxObjects, minScale, maxScale, maxOverlap, noiseAmplitude,
                placementAttempts);
        } catch (UsageException e) {
            throw new UsageException(e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(
                SceneSettings.PREFIX), "--"));
        }
    }

    Map<Split, Long> scenes() {
        return Map.of(Split.TRAIN, trainScenes, Split.VALIDATION, validationScenes, Split.TEST, testScenes);
    }
}
