package io.dlspark.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses a validation subset per class from a seed. The result depends only on the labels in record order,
 * the fraction and the seed, never on partitioning: each class gets {@code round(n * fraction)} records,
 * drawn by a seeded shuffle of that class's records.
 */
public final class StratifiedSplitter {
    private final double validationFraction;
    private final long seed;

    public StratifiedSplitter(double validationFraction, long seed) {
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        this.validationFraction = validationFraction;
        this.seed = seed;
    }

    /** Returns, for each record in order, whether it belongs to the validation split. */
    public boolean[] validationMask(int[] labels, int classCount) {
        List<List<Integer>> byClass = new ArrayList<>(classCount);
        for (int c = 0; c < classCount; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= classCount) {
                throw new IllegalArgumentException("record " + i + " has label " + label + " outside [0, " + classCount + ")");
            }
            byClass.get(label).add(i);
        }
        boolean[] validation = new boolean[labels.length];
        for (int c = 0; c < classCount; c++) {
            List<Integer> members = byClass.get(c);
            int[] order = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(order, new SplittableRandom(mix(seed, c)));
            int take = (int) Math.round(order.length * validationFraction);
            for (int k = 0; k < take; k++) {
                validation[order[k]] = true;
            }
        }
        return validation;
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A well-mixed per-stream seed (SplitMix64 finaliser over seed and stream index). */
    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
