package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A state's values (parameters, then updater state) cut into one contiguous chunk per worker, and the average of one
 * chunk over the workers' contributions, computed exactly as {@code RoundSum} does: weighted sums in double, added in
 * worker order 0..W-1 (workers without samples skipped), divided by the total and rounded to float, then to the
 * exchange's precision, so the chunk's owner keeps exactly the values its peers decode.
 */
final class StateChunks {
    private final StateWire wire;
    private final int params;
    private final int updater;
    private final int workers;

    StateChunks(StateWire wire, int workers) {
        this.wire = wire;
        this.params = wire.codec().params();
        this.updater = wire.codec().updater();
        this.workers = workers;
    }

    int from(int chunk) {
        return (int) ((long) (params + updater) * chunk / workers);
    }

    int size(int chunk) {
        return from(chunk + 1) - from(chunk);
    }

    /** The largest chunk, in values. */
    int maxSize() {
        int most = 0;
        for (int chunk = 0; chunk < workers; chunk++) {
            most = Math.max(most, size(chunk));
        }
        return most;
    }

    /** The most bytes one chunk's values take on the wire. */
    long maxBytes() {
        return wire.valuesBytes(maxSize());
    }

    /** The values of {@code chunk} of {@code state} as a peer decodes them: the owner's own contribution. */
    float[] own(NetworkState state, int chunk) {
        return wire.precision().round(slice(state, chunk));
    }

    /** The values of {@code chunk} of {@code state}. */
    float[] slice(NetworkState state, int chunk) {
        float[] values = new float[size(chunk)];
        int start = from(chunk);
        for (int i = 0; i < values.length; i++) {
            int k = start + i;
            values[i] = k < params ? state.params()[k] : state.updater()[k - params];
        }
        return values;
    }

    /** Writes {@code values} into {@code params} and {@code updater} at {@code chunk}'s place. */
    void place(float[] values, int chunk, float[] paramsOut, float[] updaterOut) {
        int start = from(chunk);
        int inParams = Math.max(0, Math.min(values.length, params - start));
        if (inParams > 0) {
            System.arraycopy(values, 0, paramsOut, start, inParams);
        }
        if (inParams < values.length) {
            System.arraycopy(values, inParams, updaterOut, start + inParams - params, values.length - inParams);
        }
    }

    void write(DataOutput out, float[] values) throws IOException {
        wire.writeValues(out, values);
    }

    /** Reads the values of {@code chunk}; any other length is an error. */
    float[] read(DataInput in, int chunk) throws IOException {
        return wire.readValues(in, size(chunk), "all-reduce chunk " + chunk);
    }

    /**
     * The average of {@code chunk} over {@code contributions} (one per worker, in worker order) weighted by
     * {@code samples}, in the exchange's precision; {@code previous}'s values when no worker fitted anything.
     */
    float[] average(float[][] contributions, long[] samples, NetworkState previous, int chunk) {
        long total = 0;
        for (long count : samples) {
            total += count;
        }
        if (total == 0) {
            return own(previous, chunk);
        }
        float[] averaged = new float[size(chunk)];
        double[] sums = new double[averaged.length];
        for (int worker = 0; worker < contributions.length; worker++) {
            long weight = samples[worker];
            if (weight == 0) {
                continue;
            }
            float[] values = contributions[worker];
            for (int i = 0; i < sums.length; i++) {
                sums[i] += (double) values[i] * weight;
            }
        }
        ExchangePrecision precision = wire.precision();
        for (int i = 0; i < averaged.length; i++) {
            averaged[i] = precision.round((float) (sums[i] / total));
        }
        return averaged;
    }
}
