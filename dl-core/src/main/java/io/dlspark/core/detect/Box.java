package io.dlspark.core.detect;

import java.io.Serializable;
import java.util.Optional;

/**
 * An axis-aligned box in pixel coordinates with continuous edges: pixel column {@code c} spans [c, c + 1), so the
 * box of pixel columns 3..5 is x1 = 3, x2 = 6, and its width is x2 - x1 (no "+1" as in the VOC devkit).
 */
public record Box(double x1, double y1, double x2, double y2) implements Serializable {

    public Box {
        if (!Double.isFinite(x1) || !Double.isFinite(y1) || !Double.isFinite(x2) || !Double.isFinite(y2)) {
            throw new IllegalArgumentException("box " + text(x1, y1, x2, y2) + ": coordinates must be finite");
        }
        if (x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException("box " + text(x1, y1, x2, y2) + ": needs x1 < x2 and y1 < y2");
        }
    }

    /** The box covering pixel columns {@code minX..maxX} and rows {@code minY..maxY}, all inclusive. */
    public static Box ofPixels(int minX, int minY, int maxX, int maxY) {
        return new Box(minX, minY, maxX + 1.0, maxY + 1.0);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    public double centerX() {
        return (x1 + x2) / 2;
    }

    public double centerY() {
        return (y1 + y2) / 2;
    }

    /** The area shared with {@code other}; 0 when they do not overlap. */
    public double intersection(Box other) {
        double w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** Intersection over union, in [0, 1]. */
    public double iou(Box other) {
        double inter = intersection(other);
        return inter == 0 ? 0 : inter / (area() + other.area() - inter);
    }

    /** True when the pixel at column {@code x}, row {@code y} lies wholly inside this box. */
    public boolean containsPixel(int x, int y) {
        return x >= x1 && x + 1 <= x2 && y >= y1 && y + 1 <= y2;
    }

    /** This box moved by (dx, dy). */
    public Box translate(double dx, double dy) {
        return new Box(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
    }

    /** This box with x coordinates multiplied by {@code sx} and y coordinates by {@code sy} (positive). */
    public Box scale(double sx, double sy) {
        return new Box(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
    }

    /** The part of this box inside [0, width] x [0, height], or empty when nothing of it is inside. */
    public Optional<Box> clip(double width, double height) {
        double cx1 = Math.max(0, x1);
        double cy1 = Math.max(0, y1);
        double cx2 = Math.min(width, x2);
        double cy2 = Math.min(height, y2);
        return cx2 > cx1 && cy2 > cy1 ? Optional.of(new Box(cx1, cy1, cx2, cy2)) : Optional.empty();
    }

    @Override
    public String toString() {
        return text(x1, y1, x2, y2);
    }

    private static String text(double x1, double y1, double x2, double y2) {
        return "[" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]";
    }
}
