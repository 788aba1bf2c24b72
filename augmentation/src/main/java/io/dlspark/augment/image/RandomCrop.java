package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;

/**
 * Pads every side by {@code padding} pixels of {@code fill}, takes a {@code height x width} window at a uniform
 * position and, when the window differs from the image size, resizes it back bilinearly. With the image's own
 * size this is the usual "random crop with padding", a whole-pixel shift of up to {@code padding}.
 */
public record RandomCrop(int height, int width, int padding, int fill) implements ImageOp {

    public RandomCrop {
        Checks.range("size", height, 1, Integer.MAX_VALUE);
        Checks.range("size", width, 1, Integer.MAX_VALUE);
        Checks.range("padding", padding, 0, Integer.MAX_VALUE);
        Checks.pixel("fill", fill);
    }

    @Override
    public void checkFits(ImageShape shape, String key) {
        if (height > shape.height() + 2 * padding || width > shape.width() + 2 * padding) {
            throw new UsageException(key + ".size: crop " + height + "x" + width + " is larger than the padded image "
                + (shape.height() + 2 * padding) + "x" + (shape.width() + 2 * padding)
                + " (image " + shape.height() + "x" + shape.width() + ", padding " + padding + ")");
        }
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        int top = random.nextIntInclusive(0, shape.height() + 2 * padding - height) - padding;
        int left = random.nextIntInclusive(0, shape.width() + 2 * padding - width) - padding;
        if (height == shape.height() && width == shape.width()) {
            Shift.copy(src, dst, shape, -left, -top, fill);
            return;
        }
        double scaleX = (double) width / shape.width();
        double scaleY = (double) height / shape.height();
        Bilinear.warp(src, dst, shape,
            scaleX, 0.0, left + 0.5 * scaleX - 0.5,
            0.0, scaleY, top + 0.5 * scaleY - 0.5,
            fill);
    }
}
