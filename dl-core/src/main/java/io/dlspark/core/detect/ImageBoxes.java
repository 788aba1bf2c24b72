package io.dlspark.core.detect;

import java.util.List;

/** The ground truth of one image and what a detector found in it: the unit that AP evaluation matches within. */
public record ImageBoxes(List<GroundTruth> truths, List<Detection> detections) {

    public ImageBoxes {
        truths = List.copyOf(truths);
        detections = List.copyOf(detections);
    }
}
