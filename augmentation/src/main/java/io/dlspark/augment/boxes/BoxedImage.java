package io.dlspark.augment.boxes;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.GroundTruth;

import java.util.List;

/** A uint8 HWC image with its annotated objects, the record that box-aware augmentation transforms. */
public record BoxedImage(byte[] pixels, ImageShape shape, List<GroundTruth> objects) {

    public BoxedImage {
        if (pixels.length != shape.size()) {
            throw new IllegalArgumentException(pixels.length + " pixels for an image of " + shape);
        }
        objects = List.copyOf(objects);
    }
}
