package io.dlspark.augment;

import io.dlspark.augment.boxes.BoxOp;

import java.util.List;

/**
 * The configuration of a {@link BoxPipeline}: a seed, at least one step, and the share of a box's area that must stay
 * on the canvas for its object to be kept.
 */
public record BoxAugmentConfig(long seed, List<Step<BoxOp>> steps, double minVisible) implements AugmentConfig {

    public BoxAugmentConfig {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a box augmentation needs at least one step");
        }
        if (!(minVisible > 0 && minVisible <= 1)) {
            throw new IllegalArgumentException("min-visible must be in (0, 1], got " + minVisible);
        }
    }

    @Override
    public BoxAugmentConfig withSeed(long newSeed) {
        return new BoxAugmentConfig(newSeed, steps, minVisible);
    }

    @Override
    public String records() {
        return AugmentConfigs.BOXES;
    }
}
