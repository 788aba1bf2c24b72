package io.dlspark.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Greedy per-class non-maximum suppression: in order of descending score (equal scores keep their input order),
 * a detection is kept unless its IoU with an already kept detection of the same class exceeds the threshold.
 */
public final class NonMaxSuppression {
    private final double iouThreshold;

    /** Suppresses detections whose IoU with a kept one of their class is strictly above {@code iouThreshold}. */
    public NonMaxSuppression(double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /** The kept detections, highest score first. */
    public List<Detection> apply(List<Detection> detections) {
        List<Detection> kept = new ArrayList<>();
        for (int i : byScore(detections)) {
            Detection candidate = detections.get(i);
            boolean suppressed = kept.stream().anyMatch(k -> k.classId() == candidate.classId()
                && k.box().iou(candidate.box()) > iouThreshold);
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** Indices of {@code detections} by descending score; equal scores in ascending index order. */
    static int[] byScore(List<Detection> detections) {
        return IntStream.range(0, detections.size()).boxed()
            .sorted(Comparator.<Integer>comparingDouble(i -> -detections.get(i).score()).thenComparingInt(i -> i))
            .mapToInt(Integer::intValue).toArray();
    }
}
