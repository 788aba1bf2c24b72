package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

/**
 * Scales every pixel's distance from the image mean by a factor uniform in [1 - maxDelta, 1 + maxDelta], clamped
 * to 0-255.
 */
public record Contrast(double maxDelta) implements ImageOp {

    public Contrast {
        Checks.range("max-delta", maxDelta, 0, 1);
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        double factor = random.uniform(1 - maxDelta, 1 + maxDelta);
        long sum = 0;
        for (byte b : src) {
            sum += b & 0xFF;
        }
        double mean = (double) sum / src.length;
        for (int i = 0; i < src.length; i++) {
            dst[i] = Checks.clampToPixel(mean + ((src[i] & 0xFF) - mean) * factor);
        }
    }
}
