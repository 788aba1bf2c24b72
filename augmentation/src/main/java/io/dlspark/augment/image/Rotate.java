package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

/** Rotates about the centre by an angle uniform in [-degrees, degrees], bilinear, uncovered pixels set to {@code fill}. */
public record Rotate(double degrees, int fill) implements ImageOp {

    public Rotate {
        Checks.range("degrees", degrees, 0, 180);
        Checks.pixel("fill", fill);
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        double angle = random.uniform(-degrees, degrees);
        Bilinear.rotateScale(src, dst, shape, Math.toRadians(angle), 1.0, fill);
    }
}
