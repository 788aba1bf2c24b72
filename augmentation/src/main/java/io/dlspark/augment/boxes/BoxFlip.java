package io.dlspark.augment.boxes;

import io.dlspark.augment.image.Flip;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;

import java.util.List;

/** Mirrors the image left-right; a box [x1, x2) becomes [W - x2, W - x1), exactly. */
public record BoxFlip() implements BoxOp {
    private static final Flip FLIP = new Flip(Flip.Axis.HORIZONTAL);

    @Override
    public List<Box> apply(byte[] src, byte[] dst, ImageShape shape, List<Box> boxes, AugmentRandom random) {
        FLIP.apply(src, dst, shape, random);
        int w = shape.width();
        return boxes.stream().map(b -> new Box(w - b.x2(), b.y1(), w - b.x1(), b.y2())).toList();
    }
}
