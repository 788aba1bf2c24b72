package io.dlspark.core.detect.rcnn;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;

/**
 * Warps a box of a uint8 HWC image to a fixed square by bilinear sampling (pixel centres aligned, edges clamped, as
 * the scene generator scales its objects): output pixel x samples {@code x1 + (x + 0.5) * width / size - 0.5}.
 */
public final class RegionWarp {
    private final int size;

    /** Warps to {@code size x size} pixels. */
    public RegionWarp(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("warp size must be >= 1, got " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The {@code size x size x channels} crop of {@code box} (which may extend past the image), rounded to uint8. */
    public byte[] warp(byte[] pixels, ImageShape shape, Box box) {
        int c = shape.channels();
        byte[] out = new byte[size * size * c];
        double sx = box.width() / size;
        double sy = box.height() / size;
        for (int y = 0; y < size; y++) {
            double fy = clamp(box.y1() + (y + 0.5) * sy - 0.5, shape.height() - 1);
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, shape.height() - 1);
            double wy = fy - y0;
            for (int x = 0; x < size; x++) {
                double fx = clamp(box.x1() + (x + 0.5) * sx - 0.5, shape.width() - 1);
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, shape.width() - 1);
                double wx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double top = at(pixels, shape, x0, y0, k) * (1 - wx) + at(pixels, shape, x1, y0, k) * wx;
                    double bottom = at(pixels, shape, x0, y1, k) * (1 - wx) + at(pixels, shape, x1, y1, k) * wx;
                    out[(y * size + x) * c + k] = (byte) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static int at(byte[] pixels, ImageShape shape, int x, int y, int k) {
        return pixels[(y * shape.width() + x) * shape.channels() + k] & 0xFF;
    }
}
