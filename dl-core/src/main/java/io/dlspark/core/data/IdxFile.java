package io.dlspark.core.data;

import java.util.Arrays;

/**
 * The contents of one IDX file (the format of MNIST and Fashion-MNIST): unsigned bytes with a shape.
 * The first dimension counts records; {@code completeRecords} may be smaller than {@code dims[0]}
 * when the file was truncated.
 */
public record IdxFile(String source, int[] dims, byte[] data, int completeRecords) {

    /** Number of records the header declares. */
    public int declaredRecords() {
        return dims[0];
    }

    /** Bytes per record: the product of all dimensions after the first. */
    public int recordSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    /** The bytes of record {@code index}, which must be below {@link #completeRecords()}. */
    public byte[] record(int index) {
        if (index < 0 || index >= completeRecords) {
            throw new IndexOutOfBoundsException(source + ": record " + index + " of " + completeRecords);
        }
        int size = recordSize();
        return Arrays.copyOfRange(data, index * size, (index + 1) * size);
    }

    /** The value of a one-byte record, as for label files. */
    public int unsignedValue(int index) {
        if (recordSize() != 1) {
            throw new IllegalStateException(source + " holds records of " + recordSize() + " bytes, not labels");
        }
        if (index < 0 || index >= completeRecords) {
            throw new IndexOutOfBoundsException(source + ": record " + index + " of " + completeRecords);
        }
        return data[index] & 0xFF;
    }
}
