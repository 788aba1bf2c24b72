package io.dlspark.core.train;

import io.dlspark.core.detect.GroundTruth;

import java.io.Serializable;
import java.util.List;

/**
 * Online augmentation of detection records that moves the boxes with the image: a pure function of the image, its
 * objects, the record's key and the epoch. Must be thread-safe.
 */
public interface BoxRecordAugmenter extends Serializable {
    /** An augmented image and the objects still on it. */
    record Augmented(byte[] pixels, List<GroundTruth> objects) {
    }

    /** {@code pixels} (not modified) and {@code objects} augmented for {@code epoch}. */
    Augmented augment(byte[] pixels, List<GroundTruth> objects, long recordKey, int epoch);
}
