package io.dlspark.core.train;

import io.dlspark.core.io.BulkArrays;
import io.dlspark.core.nn.NetworkState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Explicit binary encoding of {@link NetworkState} and {@link RoundSum} for one network layout, without Java
 * serialization: every length read is checked against the layout's parameter and updater counts before allocating,
 * and values keep their exact bits.
 */
public final class StateCodec {
    /** Most losses a trainable reports (a GAN reports a few). */
    public static final int MAX_LOSSES = 64;
    /** Most layers in a round sum's gradient figures. */
    public static final int MAX_LAYERS = 4096;
    /** Longest layer name in a round sum's gradient figures, in characters. */
    public static final int MAX_LAYER_NAME_CHARS = 512;
    private static final long FIXED_BYTES = 256;

    private final int params;
    private final int updater;
    private final int gradientLayers;

    /** A codec for states of exactly {@code params} parameters and {@code updater} updater-state values. */
    public StateCodec(int params, int updater) {
        this(params, updater, params);
    }

    private StateCodec(int params, int updater, int gradientLayers) {
        if (params < 0 || updater < 0) {
            throw new IllegalArgumentException("negative state size: " + params + " parameters, " + updater + " updater");
        }
        this.params = params;
        this.updater = updater;
        this.gradientLayers = Math.min(gradientLayers, MAX_LAYERS);
    }

    /** The codec of this layout's {@link RoundSum#statistics()}: no state arrays, the same gradient figures. */
    public StateCodec statistics() {
        return new StateCodec(0, 0, gradientLayers);
    }

    /** The most layers a round sum's gradient figures may name. */
    int gradientLayerBound() {
        return gradientLayers;
    }

    /** A codec for states laid out like {@code state}. */
    public static StateCodec of(NetworkState state) {
        return new StateCodec(state.params().length, state.updater().length);
    }

    public int params() {
        return params;
    }

    public int updater() {
        return updater;
    }

    /** The encoded size of a state. */
    public long stateBytes() {
        return 2L * Integer.BYTES + 2L * Integer.BYTES + (long) Float.BYTES * ((long) params + updater);
    }

    /** An upper bound on the encoded size of a round sum (merged sums in double, the most gradient layers). */
    public long maxSumBytes() {
        long gradients = (long) gradientLayers * (2 + 3L * MAX_LAYER_NAME_CHARS + 2L * Double.BYTES);
        return FIXED_BYTES + (long) Double.BYTES * MAX_LOSSES + gradients + (long) Double.BYTES * ((long) params + updater);
    }

    public void writeState(DataOutput out, NetworkState state) throws IOException {
        requireLayout(state);
        out.writeInt(state.iteration());
        out.writeInt(state.epoch());
        BulkArrays.writeFloats(out, state.params());
        BulkArrays.writeFloats(out, state.updater());
    }

    /** Reads a state written by {@link #writeState}; a length other than this layout's is an error. */
    public NetworkState readState(DataInput in) throws IOException {
        int iteration = in.readInt();
        int epoch = in.readInt();
        if (iteration < 0 || epoch < 0) {
            throw new IOException("state: negative counters (iteration " + iteration + ", epoch " + epoch + ")");
        }
        return new NetworkState(BulkArrays.readFloats(in, params, "state parameters"),
            BulkArrays.readFloats(in, updater, "state updater values"), iteration, epoch);
    }

    public void writeSum(DataOutput out, RoundSum sum) throws IOException {
        sum.encode(out);
    }

    /** Reads a round sum written by {@link #writeSum}; lengths other than this layout's are an error. */
    public RoundSum readSum(DataInput in) throws IOException {
        return RoundSum.decode(in, this);
    }

    private void requireLayout(NetworkState state) {
        if (state.params().length != params || state.updater().length != updater) {
            throw new IllegalArgumentException("state of " + state.params().length + " parameters and "
                + state.updater().length + " updater values does not match the codec's " + params + " and " + updater);
        }
    }

    /** A count, then each value's raw bits (NaN payloads kept). */
    static void writeRawDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double value : values) {
            out.writeLong(Double.doubleToRawLongBits(value));
        }
    }

    /** Reads what {@link #writeRawDoubles} wrote, refusing a count outside {@code [min, max]} before allocating. */
    static double[] readRawDoubles(DataInput in, int min, int max, String what) throws IOException {
        int count = in.readInt();
        if (count < min || count > max) {
            throw new IOException(what + ": expected " + min + " to " + max + " values, the input claims " + count);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Double.longBitsToDouble(in.readLong());
        }
        return values;
    }
}
