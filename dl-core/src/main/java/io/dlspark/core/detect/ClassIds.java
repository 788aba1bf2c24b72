package io.dlspark.core.detect;

import java.util.List;

/** Per-class views of evaluation images, and the check that every class index is below the class count. */
final class ClassIds {

    private ClassIds() {
    }

    static void check(List<ImageBoxes> images, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("class count must be >= 1, got " + numClasses);
        }
        for (int i = 0; i < images.size(); i++) {
            for (GroundTruth t : images.get(i).truths()) {
                if (t.classId() >= numClasses) {
                    throw new IllegalArgumentException("image " + i + ": ground truth class " + t.classId()
                        + " is not below the class count " + numClasses);
                }
            }
            for (Detection d : images.get(i).detections()) {
                if (d.classId() >= numClasses) {
                    throw new IllegalArgumentException("image " + i + ": detection class " + d.classId()
                        + " is not below the class count " + numClasses);
                }
            }
        }
    }

    /** For each image, its ground truths of class {@code classId} in their original order. */
    static List<List<GroundTruth>> truths(List<ImageBoxes> images, int classId) {
        return images.stream().map(img -> img.truths().stream().filter(t -> t.classId() == classId).toList()).toList();
    }

    /** The number of ground truths that are not difficult. */
    static int positives(List<List<GroundTruth>> truths) {
        return (int) truths.stream().flatMap(List::stream).filter(t -> !t.difficult()).count();
    }
}
