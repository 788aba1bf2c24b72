package io.dlspark.core.train;

import java.util.SplittableRandom;

/**
 * Which records a worker fits in which round: each epoch a worker visits its partition in a seeded order, in
 * minibatches of {@code batchSize}, {@code averagingFrequency} per round, so every training record is used exactly once
 * per epoch.
 */
public record EpochPlan(long seed, int batchSize, int averagingFrequency) implements java.io.Serializable {

    public EpochPlan {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averaging frequency must be positive, got " + averagingFrequency);
        }
    }

    /** The visiting order of a partition's records in an epoch: a seeded permutation of {@code 0..size-1}. */
    public int[] order(int size, int epoch, int worker) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(mix(mix(seed, epoch), worker));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public int batches(int size) {
        return (int) ((size + (long) batchSize - 1) / batchSize);
    }

    /** Rounds per epoch: enough for the worker with the most minibatches. */
    public int rounds(int[] partitionSizes) {
        int most = 0;
        for (int size : partitionSizes) {
            most = Math.max(most, batches(size));
        }
        return (int) ((most + (long) averagingFrequency - 1) / averagingFrequency);
    }

    /** The first minibatch of a round, and how many a partition of {@code size} records fits in it (maybe 0). */
    public int firstBatch(int round) {
        return (int) Math.min(Integer.MAX_VALUE, (long) round * averagingFrequency);
    }

    public int batchesInRound(int size, int round) {
        return Math.max(0, Math.min(averagingFrequency, batches(size) - firstBatch(round)));
    }

    /** The seed of any noise a worker draws while fitting minibatch {@code batch} of an epoch. */
    public long batchSeed(int epoch, int worker, int batch) {
        return mix(mix(mix(seed ^ 0x5DEECE66DL, epoch), worker), batch);
    }

    private static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
