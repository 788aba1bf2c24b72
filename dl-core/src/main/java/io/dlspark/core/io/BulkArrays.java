package io.dlspark.core.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Large primitive arrays as bulk byte copies: an int length, then raw little-endian IEEE 754 bits, kept exactly; a
 * null array round-trips as null. Readers of untrusted input use the exact-length reads, which check the claimed
 * length before allocating.
 */
public final class BulkArrays {
    private static final int CHUNK_BYTES = 1 << 18;

    private BulkArrays() {
    }

    public static void writeFloats(DataOutput out, float[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        write(out, values.length, Float.BYTES, (chunk, from, count) -> chunk.asFloatBuffer().put(values, from, count));
    }

    public static float[] readFloats(DataInput in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : floats(in, length);
    }

    /** Reads a non-null array of exactly {@code expected} floats; otherwise an error naming {@code what}, before allocating. */
    public static float[] readFloats(DataInput in, int expected, String what) throws IOException {
        return floats(in, checked(in.readInt(), expected, what));
    }

    public static void writeDoubles(DataOutput out, double[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        write(out, values.length, Double.BYTES, (chunk, from, count) -> chunk.asDoubleBuffer().put(values, from, count));
    }

    public static double[] readDoubles(DataInput in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : doubles(in, length);
    }

    /** Reads a non-null array of exactly {@code expected} doubles; otherwise an error naming {@code what}, before allocating. */
    public static double[] readDoubles(DataInput in, int expected, String what) throws IOException {
        return doubles(in, checked(in.readInt(), expected, what));
    }

    private static int checked(int length, int expected, String what) throws IOException {
        if (length != expected) {
            throw new IOException(what + ": expected " + expected + " values, the input claims " + length);
        }
        return length;
    }

    private static float[] floats(DataInput in, int length) throws IOException {
        float[] values = new float[length];
        read(in, length, Float.BYTES, (chunk, from, count) -> chunk.asFloatBuffer().get(values, from, count));
        return values;
    }

    private static double[] doubles(DataInput in, int length) throws IOException {
        double[] values = new double[length];
        read(in, length, Double.BYTES, (chunk, from, count) -> chunk.asDoubleBuffer().get(values, from, count));
        return values;
    }

    private static void write(DataOutput out, int length, int elementBytes, ChunkCopy put) throws IOException {
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

    private static void read(DataInput in, int length, int elementBytes, ChunkCopy get) throws IOException {
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
