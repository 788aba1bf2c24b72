package io.dlspark.core.detect;

import io.dlspark.core.DataException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One Pascal VOC annotation file: the image it describes, the image size and its objects. */
public record VocAnnotation(String source, String filename, int width, int height, int depth,
                            List<VocObject> objects) implements Serializable {

    public VocAnnotation {
        objects = List.copyOf(objects);
    }

    /** The objects as ground truth with class indices into {@code classNames}; an unknown name fails naming the file. */
    public List<GroundTruth> groundTruth(List<String> classNames) {
        List<GroundTruth> truths = new ArrayList<>();
        for (VocObject o : objects) {
            int classId = classNames.indexOf(o.name());
            if (classId < 0) {
                throw new DataException(source + ": object class '" + o.name() + "' is not among the classes "
                    + classNames);
            }
            truths.add(new GroundTruth(o.box(), classId, o.difficult()));
        }
        return truths;
    }
}
