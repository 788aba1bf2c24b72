package io.dlspark.core.detect;

import java.util.Arrays;

/**
 * Average precision per class, NaN for a class without (non-difficult) ground truth, and their mean over the
 * classes that have ground truth (NaN when none has).
 */
public record ApScores(double[] perClass, double mean) {

    public ApScores {
        perClass = perClass.clone();
    }

    /** Scores for {@code perClass}, with the mean over its non-NaN entries. */
    public static ApScores of(double[] perClass) {
        double[] present = Arrays.stream(perClass).filter(v -> !Double.isNaN(v)).toArray();
        return new ApScores(perClass, present.length == 0 ? Double.NaN : Arrays.stream(present).average().orElseThrow());
    }

    @Override
    public double[] perClass() {
        return perClass.clone();
    }

    /** The AP of class {@code classId}; NaN when it has no ground truth. */
    public double ap(int classId) {
        return perClass[classId];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApScores other && Arrays.equals(perClass, other.perClass)
            && Double.compare(mean, other.mean) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(perClass) + Double.hashCode(mean);
    }

    @Override
    public String toString() {
        return "ApScores[mean=" + mean + ", perClass=" + Arrays.toString(perClass) + "]";
    }
}
