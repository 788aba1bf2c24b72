package io.dlspark.core.detect;

/**
 * An object image resized bilinearly to {@code round(side * scale)} pixels per side (pixel centres aligned, edges
 * clamped), with the tight bounds of its nonzero pixels: the exact extent of the object after scaling.
 */
final class ScaledObject {
    final int height;
    final int width;
    final byte[] pixels;
    /** Inclusive pixel bounds of the nonzero pixels; {@code minX > maxX} when there is none. */
    final int minX;
    final int minY;
    final int maxX;
    final int maxY;

    private ScaledObject(int height, int width, byte[] pixels) {
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (pixels[y * width + x] != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        this.minX = x0;
        this.minY = y0;
        this.maxX = x1;
        this.maxY = y1;
    }

    /** The side that {@code side} pixels take at {@code scale}: rounded, at least 1. */
    static int scaledSize(int side, double scale) {
        return Math.max(1, (int) Math.round(side * scale));
    }

    /** {@code image} ({@code height x width}, uint8) scaled by {@code scale}. */
    static ScaledObject of(byte[] image, int height, int width, double scale) {
        int outH = scaledSize(height, scale);
        int outW = scaledSize(width, scale);
        byte[] out = new byte[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = clamp((y + 0.5) * height / outH - 0.5, height - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, height - 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = clamp((x + 0.5) * width / outW - 0.5, width - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, width - 1);
                double fx = sx - x0;
                double top = at(image, width, x0, y0) * (1 - fx) + at(image, width, x1, y0) * fx;
                double bottom = at(image, width, x0, y1) * (1 - fx) + at(image, width, x1, y1) * fx;
                out[y * outW + x] = (byte) (int) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return new ScaledObject(outH, outW, out);
    }

    boolean isEmpty() {
        return maxX < minX;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static int at(byte[] image, int width, int x, int y) {
        return image[y * width + x] & 0xFF;
    }
}
