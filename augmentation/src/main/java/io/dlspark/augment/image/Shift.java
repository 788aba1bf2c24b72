package io.dlspark.augment.image;

import io.dlspark.core.data.ImageShape;

import java.util.Arrays;

/** Whole-pixel translation: output (x, y) is input (x - dx, y - dy), or {@code fill} where that lies outside. */
public final class Shift {

    private Shift() {
    }

    /** Writes {@code src} shifted by (dx, dy) into {@code dst}; uncovered pixels become {@code fill}. */
    public static void copy(byte[] src, byte[] dst, ImageShape shape, int dx, int dy, int fill) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int row = w * c;
        int firstX = Math.max(0, dx);
        int lastX = Math.min(w, w + dx);
        byte filler = (byte) fill;
        for (int y = 0; y < h; y++) {
            int base = y * row;
            int sy = y - dy;
            if (sy < 0 || sy >= h || firstX >= lastX) {
                Arrays.fill(dst, base, base + row, filler);
                continue;
            }
            Arrays.fill(dst, base, base + firstX * c, filler);
            System.arraycopy(src, sy * row + (firstX - dx) * c, dst, base + firstX * c, (lastX - firstX) * c);
            Arrays.fill(dst, base + lastX * c, base + row, filler);
        }
    }
}
