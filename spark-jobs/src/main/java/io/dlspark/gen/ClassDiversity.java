package io.dlspark.gen;

import java.io.Serializable;

/**
 * The classifier's predicted-class distribution over a set of images: the entropy in nats (log of the class count
 * when uniform, 0 when every image gets one class) and coverage, the number of classes predicted for at least
 * {@value #COVERAGE_SHARE} of the images.
 */
public record ClassDiversity(long[] counts, double entropy, int coverage) implements Serializable {
    public static final double COVERAGE_SHARE = 0.01;

    public static ClassDiversity of(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double entropy = 0;
        int covered = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                entropy -= p * Math.log(p);
            }
            if (total > 0 && (double) c / total >= COVERAGE_SHARE) {
                covered++;
            }
        }
        return new ClassDiversity(counts.clone(), entropy, covered);
    }
}
