package io.dlspark.core.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Pascal VOC 2010+ average precision per class: ranked detections matched to their best-overlapping same-class object
 * (IoU >= 0.5: TP if the object is unmatched, ignored if difficult, else FP), then the area under the precision
 * envelope over all recall points.
 */
public final class VocAveragePrecision {
    /** The VOC overlap criterion. */
    public static final double IOU_THRESHOLD = 0.5;

    private final double iouThreshold;

    /** The VOC definition, IoU >= 0.5. */
    public VocAveragePrecision() {
        this(IOU_THRESHOLD);
    }

    /** The VOC definition with another IoU threshold in (0, 1]. */
    public VocAveragePrecision(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /** AP of classes {@code 0..numClasses-1} over {@code images}, and their mean over classes with ground truth. */
    public ApScores evaluate(List<ImageBoxes> images, int numClasses) {
        ClassIds.check(images, numClasses);
        double[] ap = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            ap[c] = classAp(images, c);
        }
        return ApScores.of(ap);
    }

    private double classAp(List<ImageBoxes> images, int classId) {
        List<List<GroundTruth>> truths = ClassIds.truths(images, classId);
        int positives = ClassIds.positives(truths);
        if (positives == 0) {
            return Double.NaN;
        }
        boolean[][] matched = truths.stream().map(t -> new boolean[t.size()]).toArray(boolean[][]::new);
        List<Boolean> outcomes = new ArrayList<>();
        for (RankedDetections.Ref ref : RankedDetections.of(images, classId, Integer.MAX_VALUE)) {
            List<GroundTruth> candidates = truths.get(ref.image());
            int best = -1;
            double bestIou = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < candidates.size(); g++) {
                double iou = ref.detection().box().iou(candidates.get(g).box());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = g;
                }
            }
            if (best < 0 || bestIou < iouThreshold) {
                outcomes.add(false);
            } else if (!candidates.get(best).difficult()) {
                outcomes.add(!matched[ref.image()][best]);
                matched[ref.image()][best] = true;
            }
        }
        return allPointAp(PrecisionRecall.of(outcomes, positives));
    }

    /** Sum over the recall steps of (recall increase) x (envelope precision there); 0 with no detection. */
    static double allPointAp(PrecisionRecall curve) {
        double[] envelope = curve.envelope();
        double[] recall = curve.recall();
        double ap = 0;
        double previous = 0;
        for (int i = 0; i < recall.length; i++) {
            if (recall[i] != previous) {
                ap += (recall[i] - previous) * envelope[i];
                previous = recall[i];
            }
        }
        return ap;
    }
}
