package io.dlspark.augment.image;

import io.dlspark.core.data.ImageShape;

/**
 * Affine resampling with bilinear interpolation: output pixel (x, y) reads the input at (ax*x + bx*y + cx, ay*x + by*y
 * + cy), pixel centres at whole coordinates, {@code fill} outside the image.
 */
public final class Bilinear {
    /** Coordinates carry 16 fraction bits; interpolation weights the top 11 of them, so that sums fit an int. */
    private static final int FRACTION_BITS = 16;
    private static final long FRACTION_MASK = (1L << FRACTION_BITS) - 1;
    private static final int WEIGHT_BITS = 11;
    private static final int WEIGHT_SHIFT = FRACTION_BITS - WEIGHT_BITS;
    private static final int ONE = 1 << WEIGHT_BITS;
    private static final int HALF = 1 << (2 * WEIGHT_BITS - 1);

    private Bilinear() {
    }

    /** The transform that rotates by {@code radians} and scales by {@code scale} about the image centre. */
    static void rotateScale(byte[] src, byte[] dst, ImageShape shape, double radians, double scale, int fill) {
        double cos = StrictMath.cos(radians) / scale;
        double sin = StrictMath.sin(radians) / scale;
        double cx = (shape.width() - 1) / 2.0;
        double cy = (shape.height() - 1) / 2.0;
        // inverse map: rotate the output coordinate by -radians about the centre, divided by the scale
        warp(src, dst, shape,
            cos, sin, cx - cos * cx - sin * cy,
            -sin, cos, cy + sin * cx - cos * cy,
            fill);
    }

    /** Resamples {@code src} into {@code dst} through the affine map described on the class. */
    public static void warp(byte[] src, byte[] dst, ImageShape shape,
                     double ax, double bx, double cx, double ay, double by, double cy, int fill) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        long stepX = fixed(ax);
        long stepY = fixed(ay);
        int out = 0;
        for (int y = 0; y < h; y++) {
            long sx = fixed(bx * y + cx);
            long sy = fixed(by * y + cy);
            for (int x = 0; x < w; x++, sx += stepX, sy += stepY) {
                int x0 = (int) (sx >> FRACTION_BITS);
                int y0 = (int) (sy >> FRACTION_BITS);
                int fx = (int) (sx & FRACTION_MASK) >> WEIGHT_SHIFT;
                int fy = (int) (sy & FRACTION_MASK) >> WEIGHT_SHIFT;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                    int p00 = (y0 * w + x0) * c;
                    int p10 = p00 + w * c;
                    for (int k = 0; k < c; k++, out++) {
                        int top = (src[p00 + k] & 0xFF) * (ONE - fx) + (src[p00 + c + k] & 0xFF) * fx;
                        int bottom = (src[p10 + k] & 0xFF) * (ONE - fx) + (src[p10 + c + k] & 0xFF) * fx;
                        dst[out] = (byte) ((top * (ONE - fy) + bottom * fy + HALF) >>> (2 * WEIGHT_BITS));
                    }
                } else {
                    for (int k = 0; k < c; k++, out++) {
                        int top = at(src, shape, x0, y0, k, fill) * (ONE - fx) + at(src, shape, x0 + 1, y0, k, fill) * fx;
                        int bottom = at(src, shape, x0, y0 + 1, k, fill) * (ONE - fx)
                            + at(src, shape, x0 + 1, y0 + 1, k, fill) * fx;
                        dst[out] = (byte) ((top * (ONE - fy) + bottom * fy + HALF) >>> (2 * WEIGHT_BITS));
                    }
                }
            }
        }
    }

    /** A coordinate in fixed point with {@value #FRACTION_BITS} fraction bits, rounded to nearest. */
    private static long fixed(double coordinate) {
        return Math.round(coordinate * (1L << FRACTION_BITS));
    }

    private static int at(byte[] src, ImageShape shape, int x, int y, int k, int fill) {
        if (x < 0 || y < 0 || x >= shape.width() || y >= shape.height()) {
            return fill;
        }
        return src[(y * shape.width() + x) * shape.channels() + k] & 0xFF;
    }
}
