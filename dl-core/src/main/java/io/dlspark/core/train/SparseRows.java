package io.dlspark.core.train;

/**
 * Sparse float rows in compressed-row form: record {@code r}'s non-zeros are {@code indices/values[starts[r] ..
 * starts[r + 1])}. Memory follows the non-zeros, not {@code records x width}; rows become dense per minibatch.
 */
public record SparseRows(int width, int[] starts, int[] indices, float[] values) implements RowFeatures {
    public SparseRows {
        if (starts.length == 0 || starts[starts.length - 1] != indices.length || indices.length != values.length) {
            throw new IllegalArgumentException("inconsistent sparse rows: " + (starts.length - 1) + " rows, "
                + indices.length + " indices, " + values.length + " values");
        }
        for (int index : indices) {
            if (index < 0 || index >= width) {
                throw new IllegalArgumentException("sparse index " + index + " outside [0, " + width + ")");
            }
        }
    }

    @Override
    public int records() {
        return starts.length - 1;
    }

    @Override
    public void write(int record, float[] out, int offset) {
        for (int k = starts[record]; k < starts[record + 1]; k++) {
            out[offset + indices[k]] = values[k];
        }
    }
}
