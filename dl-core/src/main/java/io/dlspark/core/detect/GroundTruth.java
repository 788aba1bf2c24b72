package io.dlspark.core.detect;

import java.io.Serializable;
import java.util.Objects;

/**
 * One annotated object: box and class index; a {@code difficult} one (Pascal VOC's flag) neither counts as a miss
 * nor makes a detection that matches it a false positive.
 */
public record GroundTruth(Box box, int classId, boolean difficult) implements Serializable {

    public GroundTruth {
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("ground truth " + box + ": class must be >= 0, got " + classId);
        }
    }

    /** An object that is not difficult. */
    public GroundTruth(Box box, int classId) {
        this(box, classId, false);
    }
}
