package io.dlspark.core.detect;

import java.util.List;

/**
 * COCO results: per-class AP averaged over the IoU thresholds with its mean (mAP@[0.5:0.95]), and the scores at
 * each threshold ({@link #at} 0.5 is COCO's AP50, with 101-point interpolation unlike VOC's).
 */
public record CocoScores(ApScores averaged, double[] thresholds, ApScores[] perThreshold) {

    public CocoScores {
        thresholds = thresholds.clone();
        perThreshold = perThreshold.clone();
    }

    /** mAP@[0.5:0.95]. */
    public double map() {
        return averaged.mean();
    }

    /** The scores at the threshold closest to {@code iou}. */
    public ApScores at(double iou) {
        int best = 0;
        for (int i = 1; i < thresholds.length; i++) {
            if (Math.abs(thresholds[i] - iou) < Math.abs(thresholds[best] - iou)) {
                best = i;
            }
        }
        return perThreshold[best];
    }

    /** The per-threshold scores, lowest threshold first. */
    public List<ApScores> all() {
        return List.of(perThreshold);
    }
}
