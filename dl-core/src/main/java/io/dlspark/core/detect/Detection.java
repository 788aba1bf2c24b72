package io.dlspark.core.detect;

import java.io.Serializable;
import java.util.Objects;

/** One predicted object: its box, class index and confidence score (higher is more confident). */
public record Detection(Box box, int classId, double score) implements Serializable {

    public Detection {
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("detection " + box + ": class must be >= 0, got " + classId);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("detection " + box + ": score must be finite, got " + score);
        }
    }
}
