package io.dlspark.augment.boxes;

import io.dlspark.augment.image.Shift;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;

import java.util.List;

/**
 * Shifts by whole pixels, uniform in [-maxDx, maxDx] and [-maxDy, maxDy], uncovered pixels set to {@code fill};
 * boxes move by the same shift, exactly.
 */
public record BoxTranslate(int maxDx, int maxDy, int fill) implements BoxOp {

    public BoxTranslate {
        if (maxDx < 0 || maxDy < 0) {
            throw new IllegalArgumentException("max-dx and max-dy must be >= 0, got " + maxDx + ", " + maxDy);
        }
        if (fill < 0 || fill > 255) {
            throw new IllegalArgumentException("fill must be in [0, 255], got " + fill);
        }
    }

    @Override
    public void checkFits(ImageShape shape, String key) {
        if (maxDx >= shape.width() || maxDy >= shape.height()) {
            throw new UsageException(key + ": shifts up to " + maxDx + "x" + maxDy + " must stay below the image size "
                + shape.width() + "x" + shape.height());
        }
    }

    @Override
    public List<Box> apply(byte[] src, byte[] dst, ImageShape shape, List<Box> boxes, AugmentRandom random) {
        int dx = random.nextIntInclusive(-maxDx, maxDx);
        int dy = random.nextIntInclusive(-maxDy, maxDy);
        Shift.copy(src, dst, shape, dx, dy, fill);
        return boxes.stream().map(b -> b.translate(dx, dy)).toList();
    }
}
