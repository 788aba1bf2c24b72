package io.dlspark.core.io;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Large primitive arrays through Java serialization as bulk byte copies. {@code ObjectOutputStream} writes a
 * {@code float[]} element by element; a network's parameters and updater state (megabytes, every round, both ways)
 * spent more time there than in the transfer. Bits are kept exactly (raw IEEE 754, little-endian); a null array
 * round-trips as null.
 */
public final class BulkArrays {
    private static final int CHUNK_BYTES = 1 << 18;

    private BulkArrays() {
    }

    public static void writeFloats(ObjectOutput out, float[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        write(out, values.length, Float.BYTES, (chunk, from, count) -> chunk.asFloatBuffer().put(values, from, count));
    }

    public static float[] readFloats(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        read(in, length, Float.BYTES, (chunk, from, count) -> chunk.asFloatBuffer().get(values, from, count));
        return values;
    }

    public static void writeDoubles(ObjectOutput out, double[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        write(out, values.length, Double.BYTES, (chunk, from, count) -> chunk.asDoubleBuffer().put(values, from, count));
    }

    public static double[] readDoubles(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        double[] values = new double[length];
        read(in, length, Double.BYTES, (chunk, from, count) -> chunk.asDoubleBuffer().get(values, from, count));
        return values;
    }

    private static void write(ObjectOutput out, int length, int elementBytes, ChunkCopy put) throws IOException {
        out.writeInt(length);
        ByteBuffer chunk = chunk(length, elementBytes);
        int perChunk = chunk.capacity() / elementBytes;
        for (int from = 0; from < length; from += perChunk) {
            int count = Math.min(perChunk, length - from);
            chunk.clear();
            put.copy(chunk, from, count);
            out.write(chunk.array(), 0, count * elementBytes);
        }
    }

    private static void read(ObjectInput in, int length, int elementBytes, ChunkCopy get) throws IOException {
        ByteBuffer chunk = chunk(length, elementBytes);
        int perChunk = chunk.capacity() / elementBytes;
        for (int from = 0; from < length; from += perChunk) {
            int count = Math.min(perChunk, length - from);
            chunk.clear();
            in.readFully(chunk.array(), 0, count * elementBytes);
            get.copy(chunk, from, count);
        }
    }

    /** A little-endian buffer of at most {@link #CHUNK_BYTES}, no larger than {@code length} elements need. */
    private static ByteBuffer chunk(int length, int elementBytes) {
        long bytes = Math.min(CHUNK_BYTES, Math.max(1, (long) length) * elementBytes);
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code count} elements from index {@code from} of an array to or from the start of the chunk. */
    @FunctionalInterface
    private interface ChunkCopy {
        void copy(ByteBuffer chunk, int from, int count);
    }
}
