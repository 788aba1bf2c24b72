package io.dlspark.augment.image;

import io.dlspark.core.data.ImageShape;

/**
 * Affine resampling with bilinear interpolation. Each output pixel (x, y) reads the input at
 * (ax*x + bx*y + cx, ay*x + by*y + cy), pixel centres at whole coordinates; input outside the image reads as
 * {@code fill}. A transform that maps every pixel onto itself reproduces the input exactly.
 */
final class Bilinear {

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

    static void warp(byte[] src, byte[] dst, ImageShape shape,
                     double ax, double bx, double cx, double ay, double by, double cy, int fill) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int out = 0;
        for (int y = 0; y < h; y++) {
            double sx = bx * y + cx;
            double sy = by * y + cy;
            for (int x = 0; x < w; x++, sx += ax, sy += ay) {
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                    int p00 = (y0 * w + x0) * c;
                    int p10 = p00 + w * c;
                    for (int k = 0; k < c; k++, out++) {
                        double top = (src[p00 + k] & 0xFF) + fx * ((src[p00 + c + k] & 0xFF) - (src[p00 + k] & 0xFF));
                        double bottom = (src[p10 + k] & 0xFF) + fx * ((src[p10 + c + k] & 0xFF) - (src[p10 + k] & 0xFF));
                        dst[out] = (byte) (int) (top + fy * (bottom - top) + 0.5);
                    }
                } else {
                    for (int k = 0; k < c; k++, out++) {
                        double top = at(src, shape, x0, y0, k, fill)
                            + fx * (at(src, shape, x0 + 1, y0, k, fill) - at(src, shape, x0, y0, k, fill));
                        double bottom = at(src, shape, x0, y0 + 1, k, fill)
                            + fx * (at(src, shape, x0 + 1, y0 + 1, k, fill) - at(src, shape, x0, y0 + 1, k, fill));
                        dst[out] = (byte) (int) (top + fy * (bottom - top) + 0.5);
                    }
                }
            }
        }
    }

    private static int at(byte[] src, ImageShape shape, int x, int y, int k, int fill) {
        if (x < 0 || y < 0 || x >= shape.width() || y >= shape.height()) {
            return fill;
        }
        return src[(y * shape.width() + x) * shape.channels() + k] & 0xFF;
    }
}
