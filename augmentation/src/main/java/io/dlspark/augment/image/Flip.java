package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

import java.util.Objects;

/** Mirrors the image left-right ({@link Axis#HORIZONTAL}) or top-bottom ({@link Axis#VERTICAL}). */
public record Flip(Axis axis) implements ImageOp {

    /** The direction in which pixels move. */
    public enum Axis { HORIZONTAL, VERTICAL }

    public Flip {
        Objects.requireNonNull(axis, "axis");
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int row = w * c;
        if (axis == Axis.VERTICAL) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, y * row, dst, (h - 1 - y) * row, row);
            }
            return;
        }
        for (int y = 0; y < h; y++) {
            int base = y * row;
            for (int x = 0; x < w; x++) {
                int from = base + x * c;
                int to = base + (w - 1 - x) * c;
                for (int k = 0; k < c; k++) {
                    dst[to + k] = src[from + k];
                }
            }
        }
    }
}
