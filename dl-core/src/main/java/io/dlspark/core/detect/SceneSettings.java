package io.dlspark.core.detect;

import io.dlspark.core.UsageException;

import java.io.Serializable;

/**
 * How scenes are composed: a square canvas, the range of objects per scene and of their scale, the largest IoU
 * allowed between two objects' boxes, the background noise amplitude and the placement attempts per object.
 *
 * @param canvasSize        side of the square canvas in pixels
 * @param minObjects        fewest objects drawn per scene, at least 1
 * @param maxObjects        most objects drawn per scene
 * @param minScale          smallest scale factor of an object image
 * @param maxScale          largest scale factor
 * @param maxOverlap        largest IoU allowed between any two boxes of a scene, in [0, 1]
 * @param noiseAmplitude    background pixels are uniform in [0, noiseAmplitude], at most 255
 * @param placementAttempts random positions tried per object before it is left out
 */
public record SceneSettings(int canvasSize, int minObjects, int maxObjects, double minScale, double maxScale,
                            double maxOverlap, int noiseAmplitude, int placementAttempts) implements Serializable {

    /** The prefix of the settings' keys in errors and configuration. */
    public static final String PREFIX = "scenes.";

    public SceneSettings {
        atLeast("canvas-size", canvasSize, 8);
        atLeast("min-objects", minObjects, 1);
        if (maxObjects < minObjects) {
            throw bad("max-objects", "must be >= min-objects (" + minObjects + "), got " + maxObjects);
        }
        if (!(minScale > 0) || !Double.isFinite(minScale)) {
            throw bad("min-scale", "must be a positive number, got " + minScale);
        }
        if (!(maxScale >= minScale) || !Double.isFinite(maxScale)) {
            throw bad("max-scale", "must be a number >= min-scale (" + minScale + "), got " + maxScale);
        }
        if (!(maxOverlap >= 0 && maxOverlap <= 1)) {
            throw bad("max-overlap", "must be an IoU in [0, 1], got " + maxOverlap);
        }
        if (noiseAmplitude < 0 || noiseAmplitude > 255) {
            throw bad("noise-amplitude", "must be a pixel value in [0, 255], got " + noiseAmplitude);
        }
        atLeast("placement-attempts", placementAttempts, 1);
    }

    /** 96x96, 1 to 5 objects scaled by 0.75 to 1.5, IoU at most 0.2, noise up to 24, 100 attempts per object. */
    public static SceneSettings defaults() {
        return new SceneSettings(96, 1, 5, 0.75, 1.5, 0.2, 24, 100);
    }

    /** Fails naming {@code max-scale} when objects of {@code height x width} scaled by it exceed the canvas. */
    void checkFits(int height, int width) {
        int side = ScaledObject.scaledSize(Math.max(height, width), maxScale);
        if (side > canvasSize) {
            throw bad("max-scale", "objects of " + height + "x" + width + " scaled by " + maxScale + " (" + side
                + " px) do not fit the canvas of " + canvasSize);
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw bad(key, "must be >= " + min + ", got " + value);
        }
    }

    private static UsageException bad(String key, String message) {
        return new UsageException(PREFIX + key + ": " + message);
    }
}
