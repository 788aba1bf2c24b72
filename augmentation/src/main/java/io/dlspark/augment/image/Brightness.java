package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

/** Multiplies every pixel by a factor uniform in [1 - maxDelta, 1 + maxDelta], clamped to 0-255. */
public record Brightness(double maxDelta) implements ImageOp {

    public Brightness {
        Checks.range("max-delta", maxDelta, 0, 1);
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        double factor = random.uniform(1 - maxDelta, 1 + maxDelta);
        for (int i = 0; i < src.length; i++) {
            dst[i] = Checks.clampToPixel((src[i] & 0xFF) * factor);
        }
    }
}
