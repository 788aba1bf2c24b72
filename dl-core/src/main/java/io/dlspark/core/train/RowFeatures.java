package io.dlspark.core.train;

/**
 * Records that become one float row each, of {@link #width()} values: TF-IDF vectors ({@link SparseRows}) or token
 * ids ({@link TokenRows}). Stored compactly and written out per minibatch.
 */
public interface RowFeatures extends RecordFeatures {
    int width();

    /** Writes record {@code record}'s row into {@code out[offset .. offset + width)}, which holds zeros. */
    void write(int record, float[] out, int offset);
}
