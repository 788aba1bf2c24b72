package io.dlspark.augment.boxes;

import io.dlspark.augment.image.Bilinear;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;

import java.util.List;

/**
 * Crops a window of a uniform fraction in [minScale, 1] of each side at a uniform position and resizes it back
 * bilinearly. A box becomes the output pixels whose bilinear sample reaches a source pixel of the box, so it still
 * covers its object.
 */
public record BoxCrop(double minScale, int fill) implements BoxOp {

    public BoxCrop {
        if (!(minScale > 0 && minScale <= 1)) {
            throw new IllegalArgumentException("min-scale must be in (0, 1], got " + minScale);
        }
        if (fill < 0 || fill > 255) {
            throw new IllegalArgumentException("fill must be in [0, 255], got " + fill);
        }
    }

    @Override
    public List<Box> apply(byte[] src, byte[] dst, ImageShape shape, List<Box> boxes, AugmentRandom random) {
        double scale = random.uniform(minScale, 1);
        int w = shape.width();
        int h = shape.height();
        int cropW = Math.max(1, (int) Math.round(w * scale));
        int cropH = Math.max(1, (int) Math.round(h * scale));
        int left = random.nextIntInclusive(0, w - cropW);
        int top = random.nextIntInclusive(0, h - cropH);
        return crop(src, dst, shape, boxes, left, top, cropW, cropH, fill);
    }

    /** Resizes the window at ({@code left}, {@code top}) of {@code cropW x cropH} to the image and maps the boxes. */
    static List<Box> crop(byte[] src, byte[] dst, ImageShape shape, List<Box> boxes, int left, int top, int cropW,
                          int cropH, int fill) {
        int w = shape.width();
        int h = shape.height();
        double ax = (double) cropW / w;
        double ay = (double) cropH / h;
        Bilinear.warp(src, dst, shape, ax, 0.0, left + 0.5 * ax - 0.5, 0.0, ay, top + 0.5 * ay - 0.5, fill);
        return boxes.stream().map(b -> new Box(first(b.x1(), left, ax), first(b.y1(), top, ay),
            end(b.x2(), left, ax), end(b.y2(), top, ay))).toList();
    }

    /*
     * Output pixel x samples the source at s = offset + (x + 0.5) * step - 0.5 (pixel centres at whole numbers).
     * Source pixels of a box [lo, hi) have centres in [lo, hi - 1]; bilinear weights reach them from s in
     * (lo - 1, hi). The first output pixel with s > lo - 1 and the end of the last with s < hi bound the new box.
     */
    private static double first(double lo, int offset, double step) {
        return Math.floor((lo - 0.5 - offset) / step - 0.5) + 1;
    }

    private static double end(double hi, int offset, double step) {
        return Math.ceil((hi + 0.5 - offset) / step - 0.5);
    }
}
