package io.dlspark.core.detect.rcnn;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-scale sliding-window region proposals over a uint8 HWC image, optionally kept only where the window's mean
 * intensity stands out from the image's median (a cheap objectness cue); deterministic, in a fixed order.
 */
public final class SlidingWindowProposals {
    private final ProposalSettings settings;

    public SlidingWindowProposals(ProposalSettings settings) {
        this.settings = settings;
    }

    /**
     * The windows on an image of {@code shape}: for each size, then aspect ratio, a window of
     * {@code round(size * sqrt(ratio))} by {@code round(size / sqrt(ratio))} pixels (at most the image), at every
     * {@code stride} from the top-left corner plus one flush with the right and bottom edges; row by row.
     */
    public List<Box> windows(ImageShape shape) {
        List<Box> out = new ArrayList<>();
        for (int size : settings.windowSizes()) {
            for (double ratio : settings.aspectRatios()) {
                int w = (int) Math.max(1, Math.min(shape.width(), Math.round(size * Math.sqrt(ratio))));
                int h = (int) Math.max(1, Math.min(shape.height(), Math.round(size / Math.sqrt(ratio))));
                for (int top : starts(shape.height(), h)) {
                    for (int left : starts(shape.width(), w)) {
                        out.add(new Box(left, top, left + w, top + h));
                    }
                }
            }
        }
        return out;
    }

    /** The windows of {@link #windows} whose mean intensity exceeds the image's median by {@code minContrast}. */
    public List<Box> propose(byte[] pixels, ImageShape shape) {
        List<Box> windows = windows(shape);
        if (settings.minContrast() == 0) {
            return windows;
        }
        long[] integral = integral(pixels, shape);
        double threshold = median(pixels, shape) + settings.minContrast();
        int stride = shape.width() + 1;
        List<Box> kept = new ArrayList<>();
        for (Box box : windows) {
            int x1 = (int) box.x1();
            int y1 = (int) box.y1();
            int x2 = (int) box.x2();
            int y2 = (int) box.y2();
            long sum = integral[y2 * stride + x2] - integral[y1 * stride + x2] - integral[y2 * stride + x1]
                + integral[y1 * stride + x1];
            if ((double) sum / box.area() >= threshold) {
                kept.add(box);
            }
        }
        return kept;
    }

    /** Window offsets 0, stride, 2 stride, ... up to {@code extent - window}, plus that last offset. */
    private int[] starts(int extent, int window) {
        int last = extent - window;
        int regular = last / settings.stride() + 1;
        boolean flush = last % settings.stride() != 0;
        int[] out = new int[regular + (flush ? 1 : 0)];
        for (int i = 0; i < regular; i++) {
            out[i] = i * settings.stride();
        }
        if (flush) {
            out[regular] = last;
        }
        return out;
    }

    /** Summed-area table of the per-pixel channel means, {@code (height + 1) x (width + 1)}. */
    private static long[] integral(byte[] pixels, ImageShape shape) {
        int w = shape.width();
        int c = shape.channels();
        long[] table = new long[(shape.height() + 1) * (w + 1)];
        for (int y = 0; y < shape.height(); y++) {
            long row = 0;
            for (int x = 0; x < w; x++) {
                row += grey(pixels, (y * w + x) * c, c);
                table[(y + 1) * (w + 1) + x + 1] = table[y * (w + 1) + x + 1] + row;
            }
        }
        return table;
    }

    /** The median of the per-pixel channel means (the lower middle value for an even count). */
    static int median(byte[] pixels, ImageShape shape) {
        int n = shape.height() * shape.width();
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = grey(pixels, i * shape.channels(), shape.channels());
        }
        Arrays.sort(values);
        return values[(n - 1) / 2];
    }

    private static int grey(byte[] pixels, int at, int channels) {
        int sum = 0;
        for (int k = 0; k < channels; k++) {
            sum += pixels[at + k] & 0xFF;
        }
        return sum / channels;
    }
}
