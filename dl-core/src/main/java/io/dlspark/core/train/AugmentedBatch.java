package io.dlspark.core.train;

/**
 * The records of one minibatch, copied out of a partition and augmented, packed as a {@link PartitionData} of their
 * own in minibatch order, so that {@link MinibatchAssembler} builds the minibatch from them unchanged. Each record is
 * augmented once per epoch, when its minibatch comes; nothing is stored beyond the minibatch.
 */
public final class AugmentedBatch {
    private AugmentedBatch() {
    }

    /** Records {@code order[from..to)} of {@code data}, augmented for {@code epoch}. */
    public static PartitionData of(PartitionData data, int[] order, int from, int to, RecordAugmenter augmenter, int epoch) {
        int n = to - from;
        int size = data.recordSize();
        byte[] pixels = new byte[n * size];
        int[] labels = new int[n];
        long[] keys = new long[n];
        byte[] record = new byte[size];
        byte[] scratch = new byte[size];
        float[] targets = data.targets() == null ? null : new float[n];
        float[] weights = data.weights() == null ? null : new float[n];
        for (int k = 0; k < n; k++) {
            int source = order[from + k];
            System.arraycopy(data.pixels(), source * size, record, 0, size);
            augmenter.augment(record, scratch, data.recordKeys()[source], epoch);
            System.arraycopy(record, 0, pixels, k * size, size);
            labels[k] = data.labels()[source];
            keys[k] = data.recordKeys()[source];
            if (targets != null) {
                targets[k] = data.targets()[source];
            }
            if (weights != null) {
                weights[k] = data.weights()[source];
            }
        }
        return new PartitionData(data.worker(), new PixelFeatures(pixels, size), labels, keys, null, targets, weights);
    }

    /** {@code 0, 1, ..., n - 1}: the order of a batch from {@link #of}. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
