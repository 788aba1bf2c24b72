package io.dlspark.core.detect;

import java.util.List;

/**
 * One generated scene: a square grayscale canvas (uint8, row by row), its objects' exact boxes and classes, and for
 * each object the index of the source image it was drawn from.
 */
public record Scene(long index, int size, byte[] pixels, List<GroundTruth> objects, List<Integer> sourceIndices) {

    public Scene {
        if (pixels.length != size * size) {
            throw new IllegalArgumentException("scene " + index + ": " + pixels.length + " pixels for a canvas of "
                + size + "x" + size);
        }
        if (objects.size() != sourceIndices.size()) {
            throw new IllegalArgumentException("scene " + index + ": " + objects.size() + " objects but "
                + sourceIndices.size() + " source indices");
        }
        objects = List.copyOf(objects);
        sourceIndices = List.copyOf(sourceIndices);
    }

    /** The pixel at column {@code x}, row {@code y}, 0-255. */
    public int pixel(int x, int y) {
        return pixels[y * size + x] & 0xFF;
    }
}
