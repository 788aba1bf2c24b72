package io.dlspark.core.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COCO average precision as pycocotools computes it for boxes: per class and IoU threshold 0.50:0.05:0.95, greedy
 * matching of each image's best 100 detections, 101-point interpolated precision; difficult objects are COCO's
 * ignored ones. The matching and interpolation are described on the methods and in docs/detection.md.
 */
public final class CocoAveragePrecision {
    /** Detections kept per image and class, as COCO's {@code maxDets = 100}. */
    public static final int MAX_DETECTIONS = 100;
    private static final int RECALL_POINTS = 101;
    private static final int THRESHOLDS = 10;

    private final int maxDetections;

    /** COCO's definition, 100 detections per image. */
    public CocoAveragePrecision() {
        this(MAX_DETECTIONS);
    }

    /** COCO's definition with another cap on detections per image and class. */
    public CocoAveragePrecision(int maxDetections) {
        if (maxDetections < 1) {
            throw new IllegalArgumentException("max detections per image must be >= 1, got " + maxDetections);
        }
        this.maxDetections = maxDetections;
    }

    /** The ten IoU thresholds 0.50:0.05:0.95, computed as numpy's {@code linspace} does. */
    public static double[] iouThresholds() {
        double[] t = new double[THRESHOLDS];
        double step = (0.95 - 0.5) / (THRESHOLDS - 1);
        for (int i = 0; i < THRESHOLDS; i++) {
            t[i] = i * step + 0.5;
        }
        t[THRESHOLDS - 1] = 0.95;
        return t;
    }

    /** AP per class averaged over the ten thresholds, and the per-threshold scores. */
    public CocoScores evaluate(List<ImageBoxes> images, int numClasses) {
        ClassIds.check(images, numClasses);
        double[] thresholds = iouThresholds();
        ApScores[] perThreshold = new ApScores[thresholds.length];
        double[] sum = new double[numClasses];
        for (int t = 0; t < thresholds.length; t++) {
            double[] ap = new double[numClasses];
            for (int c = 0; c < numClasses; c++) {
                ap[c] = classAp(images, c, thresholds[t]);
                sum[c] += ap[c];
            }
            perThreshold[t] = ApScores.of(ap);
        }
        return new CocoScores(ApScores.of(Arrays.stream(sum).map(s -> s / thresholds.length).toArray()),
            thresholds, perThreshold);
    }

    /** AP of one class at one IoU threshold; NaN without (non-ignored) ground truth. */
    public double classAp(List<ImageBoxes> images, int classId, double threshold) {
        List<List<GroundTruth>> truths = ClassIds.truths(images, classId);
        int positives = ClassIds.positives(truths);
        if (positives == 0) {
            return Double.NaN;
        }
        List<byte[]> outcomes = new ArrayList<>();
        for (int img = 0; img < images.size(); img++) {
            outcomes.add(matchImage(images.get(img).detections(), img, classId, truths.get(img), threshold));
        }
        List<Boolean> ranked = new ArrayList<>();
        for (RankedDetections.Ref ref : RankedDetections.of(images, classId, maxDetections)) {
            byte outcome = outcomes.get(ref.image())[ref.index()];
            if (outcome != IGNORED) {
                ranked.add(outcome == TRUE_POSITIVE);
            }
        }
        return interpolatedAp(PrecisionRecall.of(ranked, positives));
    }

    private static final byte FALSE_POSITIVE = 0;
    private static final byte TRUE_POSITIVE = 1;
    private static final byte IGNORED = 2;

    /**
     * COCO's {@code evaluateImg} matching: in score order, each detection takes the unmatched object of highest IoU at
     * or above the threshold (non-difficult ones first). The outcome of each detection by its index in the image.
     */
    private byte[] matchImage(List<Detection> detections, int image, int classId, List<GroundTruth> classTruths,
                              double threshold) {
        List<GroundTruth> gts = new ArrayList<>(classTruths.stream().filter(t -> !t.difficult()).toList());
        gts.addAll(classTruths.stream().filter(GroundTruth::difficult).toList());
        boolean[] taken = new boolean[gts.size()];
        byte[] outcome = new byte[detections.size()];
        for (RankedDetections.Ref ref : RankedDetections.ofImage(detections, image, classId, maxDetections)) {
            double best = Math.min(threshold, 1 - 1e-10);
            int match = -1;
            for (int g = 0; g < gts.size(); g++) {
                if (taken[g]) {
                    continue;
                }
                if (match > -1 && !gts.get(match).difficult() && gts.get(g).difficult()) {
                    break;
                }
                double iou = ref.detection().box().iou(gts.get(g).box());
                if (iou < best) {
                    continue;
                }
                best = iou;
                match = g;
            }
            if (match >= 0) {
                taken[match] = true;
                outcome[ref.index()] = gts.get(match).difficult() ? IGNORED : TRUE_POSITIVE;
            }
        }
        return outcome;
    }

    /**
     * The mean over recall points r = i * 0.01 of the envelope precision at the first rank whose recall reaches r
     * (0 when none does), as pycocotools' {@code accumulate}.
     */
    static double interpolatedAp(PrecisionRecall curve) {
        double[] envelope = curve.envelope();
        double[] recall = curve.recall();
        double sum = 0;
        int rank = 0;
        for (int i = 0; i < RECALL_POINTS; i++) {
            double point = i * 0.01;
            while (rank < recall.length && recall[rank] < point) {
                rank++;
            }
            if (rank < recall.length) {
                sum += envelope[rank];
            }
        }
        return sum / RECALL_POINTS;
    }
}
