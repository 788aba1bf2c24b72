package io.dlspark.core.train;

/** Token ids, {@code length} per record back to back (0 pads, 1 is unknown), written as floats. */
public record TokenRows(int length, int[] ids) implements RowFeatures {
    public TokenRows {
        if (length < 1 || ids.length % length != 0) {
            throw new IllegalArgumentException(ids.length + " token ids are not whole records of length " + length);
        }
    }

    @Override
    public int records() {
        return ids.length / length;
    }

    @Override
    public int width() {
        return length;
    }

    @Override
    public void write(int record, float[] out, int offset) {
        int from = record * length;
        for (int i = 0; i < length; i++) {
            out[offset + i] = ids[from + i];
        }
    }
}
