package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

import java.io.Serializable;

/**
 * One image augmentation on uint8 pixels in HWC order. Implementations are immutable records of validated
 * parameters; all randomness comes from the {@link AugmentRandom} passed in.
 */
public interface ImageOp extends Serializable {

    /**
     * Writes the augmented {@code src} into {@code dst}; both hold {@code shape.size()} bytes and are distinct arrays.
     * Allocates nothing per pixel.
     */
    void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random);

    /** Fails with a {@link io.dlspark.core.UsageException} naming {@code key} when the op cannot work on {@code shape}. */
    default void checkFits(ImageShape shape, String key) {
    }
}
