package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

/**
 * Scales about the centre by a factor uniform in [minScale, maxScale] (above 1 zooms in), bilinear, uncovered
 * pixels set to {@code fill}.
 */
public record Zoom(double minScale, double maxScale, int fill) implements ImageOp {

    public Zoom {
        Checks.range("min-scale", minScale, 0.01, 100);
        Checks.range("max-scale", maxScale, minScale, 100);
        Checks.pixel("fill", fill);
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        Bilinear.rotateScale(src, dst, shape, 0.0, random.uniform(minScale, maxScale), fill);
    }
}
