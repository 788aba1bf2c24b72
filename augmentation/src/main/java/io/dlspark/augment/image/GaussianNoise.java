package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

/**
 * Adds independent Gaussian noise of standard deviation {@code sigma} (in 0-255 pixel units) to every value,
 * clamped to 0-255. Normal deviates come from {@link NormalQuantiles}, five per random draw.
 */
public record GaussianNoise(double sigma) implements ImageOp {

    public GaussianNoise {
        Checks.range("sigma", sigma, 0, 255);
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        int i = 0;
        while (i < src.length) {
            long bits = random.nextLong();
            for (int j = 0; j < NormalQuantiles.PER_LONG && i < src.length; j++, i++) {
                double noise = sigma * NormalQuantiles.at((int) (bits & NormalQuantiles.MASK));
                dst[i] = Checks.clampToPixel((src[i] & 0xFF) + noise);
                bits >>>= NormalQuantiles.BITS;
            }
        }
    }
}
