package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;

/** Shifts by whole pixels, uniform in [-maxDx, maxDx] and [-maxDy, maxDy]; uncovered pixels set to {@code fill}. */
public record Translate(int maxDx, int maxDy, int fill) implements ImageOp {

    public Translate {
        Checks.range("max-dx", maxDx, 0, Integer.MAX_VALUE);
        Checks.range("max-dy", maxDy, 0, Integer.MAX_VALUE);
        Checks.pixel("fill", fill);
    }

    @Override
    public void checkFits(ImageShape shape, String key) {
        if (maxDx >= shape.width()) {
            throw new UsageException(key + ".max-dx: must be < the image width " + shape.width() + ", got " + maxDx);
        }
        if (maxDy >= shape.height()) {
            throw new UsageException(key + ".max-dy: must be < the image height " + shape.height() + ", got " + maxDy);
        }
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        int dx = random.nextIntInclusive(-maxDx, maxDx);
        int dy = random.nextIntInclusive(-maxDy, maxDy);
        Shift.copy(src, dst, shape, dx, dy, fill);
    }
}
