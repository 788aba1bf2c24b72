package io.dlspark.augment;

import io.dlspark.augment.image.ImageOp;

import java.util.List;

/** The configuration of an {@link ImagePipeline}: a seed and at least one step. */
public record ImageAugmentConfig(long seed, List<Step<ImageOp>> steps) implements AugmentConfig {

    public ImageAugmentConfig {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an image augmentation needs at least one step");
        }
    }

    @Override
    public ImageAugmentConfig withSeed(long newSeed) {
        return new ImageAugmentConfig(newSeed, steps);
    }

    @Override
    public String records() {
        return AugmentConfigs.IMAGE;
    }
}
