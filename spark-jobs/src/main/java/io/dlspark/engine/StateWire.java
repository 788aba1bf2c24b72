package io.dlspark.engine;

import io.dlspark.core.io.BulkArrays;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The barrier exchanges' encoding of states, worker round sums and value arrays in an {@link ExchangePrecision}:
 * {@link StateCodec}'s bytes in fp32; in 16 bits, an int count then two little-endian bytes per value. Every count
 * read is checked against the layout before allocating.
 */
final class StateWire {
    private static final int CHUNK_VALUES = 1 << 17;

    private final StateCodec codec;
    private final ExchangePrecision precision;

    StateWire(StateCodec codec, ExchangePrecision precision) {
        this.codec = codec;
        this.precision = precision;
    }

    StateCodec codec() {
        return codec;
    }

    ExchangePrecision precision() {
        return precision;
    }

    /** The encoding of round statistics (no state arrays), the same in every precision. */
    StateCodec statistics() {
        return codec.statistics();
    }

    /** The encoded size of {@code count} values. */
    long valuesBytes(long count) {
        return Integer.BYTES + count * precision.valueBytes();
    }

    /** The encoded size of a state. */
    long stateBytes() {
        return 2L * Integer.BYTES + valuesBytes(codec.params()) + valuesBytes(codec.updater());
    }

    /** An upper bound on the encoded size of one worker's round sum. */
    long maxSumBytes() {
        return precision == ExchangePrecision.FP32 ? codec.maxSumBytes()
            : codec.statistics().maxSumBytes() + valuesBytes(codec.params()) + valuesBytes(codec.updater());
    }

    void writeValues(DataOutput out, float[] values) throws IOException {
        if (precision == ExchangePrecision.FP32) {
            BulkArrays.writeFloats(out, values);
            return;
        }
        out.writeInt(values.length);
        ByteBuffer chunk = chunk(values.length);
        for (int from = 0; from < values.length; from += CHUNK_VALUES) {
            int count = Math.min(CHUNK_VALUES, values.length - from);
            chunk.clear();
            for (int i = 0; i < count; i++) {
                chunk.putShort(precision.encode(values[from + i]));
            }
            out.write(chunk.array(), 0, 2 * count);
        }
    }

    /** Reads exactly {@code expected} values; any other count is an error naming {@code what}, before allocating. */
    float[] readValues(DataInput in, int expected, String what) throws IOException {
        if (precision == ExchangePrecision.FP32) {
            return BulkArrays.readFloats(in, expected, what);
        }
        int count = in.readInt();
        if (count != expected) {
            throw new IOException(what + ": expected " + expected + " values, the input claims " + count);
        }
        float[] values = new float[count];
        ByteBuffer chunk = chunk(count);
        for (int from = 0; from < count; from += CHUNK_VALUES) {
            int n = Math.min(CHUNK_VALUES, count - from);
            chunk.clear();
            in.readFully(chunk.array(), 0, 2 * n);
            for (int i = 0; i < n; i++) {
                values[from + i] = precision.decode(chunk.getShort());
            }
        }
        return values;
    }

    /** Writes {@code state}'s counters and values; in 16 bits its values are rounded as {@link #readState} returns them. */
    void writeState(DataOutput out, NetworkState state) throws IOException {
        if (state.params().length != codec.params() || state.updater().length != codec.updater()) {
            throw new IllegalArgumentException("state of " + state.params().length + " parameters and "
                + state.updater().length + " updater values does not match the layout's " + codec.params() + " and "
                + codec.updater());
        }
        out.writeInt(state.iteration());
        out.writeInt(state.epoch());
        writeValues(out, state.params());
        writeValues(out, state.updater());
    }

    NetworkState readState(DataInput in) throws IOException {
        int iteration = in.readInt();
        int epoch = in.readInt();
        if (iteration < 0 || epoch < 0) {
            throw new IOException("state: negative counters (iteration " + iteration + ", epoch " + epoch + ")");
        }
        return new NetworkState(readValues(in, codec.params(), "state parameters"),
            readValues(in, codec.updater(), "state updater values"), iteration, epoch);
    }

    /** Writes one worker's round sum: its statistics, then its fitted state's values. */
    void writeSum(DataOutput out, RoundSum sum) throws IOException {
        if (precision == ExchangePrecision.FP32) {
            codec.writeSum(out, sum);
            return;
        }
        NetworkState fitted = sum.workerState();
        codec.statistics().writeSum(out, sum.statistics());
        writeValues(out, fitted.params());
        writeValues(out, fitted.updater());
    }

    /** Reads what {@link #writeSum} wrote: a single worker's sum whose state is the decoded values. */
    RoundSum readSum(DataInput in) throws IOException {
        if (precision == ExchangePrecision.FP32) {
            return codec.readSum(in);
        }
        RoundSum statistics = codec.statistics().readSum(in);
        if (statistics.workers() != 1) {
            throw new IOException("round sum: one worker's sum claims " + statistics.workers() + " workers");
        }
        float[] params = readValues(in, codec.params(), "round sum parameters");
        float[] updater = readValues(in, codec.updater(), "round sum updater state");
        return RoundSum.of(new NetworkState(params, updater, 0, 0), statistics.samples(),
            statistics.maxIterationSteps(), statistics.lossSums(), statistics.maxFitNanos(), statistics.gradients());
    }

    private static ByteBuffer chunk(int count) {
        return ByteBuffer.allocate(2 * Math.max(1, Math.min(CHUNK_VALUES, count))).order(ByteOrder.LITTLE_ENDIAN);
    }
}
