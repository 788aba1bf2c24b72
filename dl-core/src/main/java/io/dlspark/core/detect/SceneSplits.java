package io.dlspark.core.detect;

import io.dlspark.core.UsageException;

/**
 * Where each split's scenes come from: train scenes draw from the training images minus a held-out tail, validation
 * scenes from that tail, test scenes from the test images only; each split has its own seed, so that scene i of
 * train and of validation differ.
 */
public final class SceneSplits {

    private SceneSplits() {
    }

    /** The generator seed of the scenes of {@code split} (train, validation or test). */
    public static long seed(long seed, String split) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < split.length(); i++) {
            h = (h ^ split.charAt(i)) * 0x100000001B3L;
        }
        return SceneGenerator.sceneSeed(seed, h & Long.MAX_VALUE);
    }

    /**
     * The first training image kept for validation scenes: the last {@code round(images * fraction)} images are
     * validation objects, the rest train objects; both parts must be non-empty when {@code fraction > 0}.
     */
    public static int validationStart(int images, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new UsageException("--val-fraction: must be in [0, 1), got " + fraction);
        }
        int held = (int) Math.round(images * fraction);
        if (fraction > 0 && (held == 0 || held == images)) {
            throw new UsageException("--val-fraction " + fraction + " of " + images
                + " training images leaves no images for train or for validation scenes");
        }
        return images - held;
    }
}
