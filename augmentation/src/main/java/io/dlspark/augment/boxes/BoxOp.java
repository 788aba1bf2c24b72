package io.dlspark.augment.boxes;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;

import java.io.Serializable;
import java.util.List;

/**
 * A geometric image augmentation that moves object boxes with the pixels. Implementations are immutable records;
 * all randomness comes from the {@link AugmentRandom} passed in.
 */
public interface BoxOp extends Serializable {

    /**
     * Writes the transformed {@code src} into {@code dst} (distinct arrays of {@code shape.size()} bytes) and returns
     * {@code boxes} mapped by the same transform, in the same order, not yet clipped to the canvas. A mapped box
     * covers every output pixel that its object's pixels reach.
     */
    List<Box> apply(byte[] src, byte[] dst, ImageShape shape, List<Box> boxes, AugmentRandom random);

    /** Fails with a {@link io.dlspark.core.UsageException} naming {@code key} when the op cannot work on {@code shape}. */
    default void checkFits(ImageShape shape, String key) {
    }
}
