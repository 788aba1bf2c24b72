package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A state's values (parameters, then updater state) cut into one contiguous chunk per worker, each cut into parts
 * that travel as separate frames, and the average of a part over the workers' contributions, computed as
 * {@code RoundSum} does: sums in double in worker order, rounded to float, then to the exchange's precision.
 */
final class StateChunks {
    private final StateWire wire;
    private final int params;
    private final int updater;
    private final int workers;
    private final int parts;

    StateChunks(StateWire wire, int workers) {
        this(wire, workers, 1);
    }

    /** Chunks cut into {@code parts} parts each, or into as many as the largest chunk has values when fewer. */
    StateChunks(StateWire wire, int workers, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts per chunk must be at least 1, got " + parts);
        }
        this.wire = wire;
        this.params = wire.codec().params();
        this.updater = wire.codec().updater();
        this.workers = workers;
        this.parts = Math.max(1, Math.min(parts, maxSize()));
    }

    /** Parts per chunk. */
    int parts() {
        return parts;
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

    /** The index of the first value of {@code part} of {@code chunk}. */
    int from(int chunk, int part) {
        return from(chunk) + (int) ((long) size(chunk) * part / parts);
    }

    /** The values in {@code part} of {@code chunk}. */
    int size(int chunk, int part) {
        return from(chunk, part + 1) - from(chunk, part);
    }

    /** The most bytes one part's values take on the wire (a whole chunk's with one part). */
    long maxBytes() {
        return wire.valuesBytes((maxSize() + parts - 1) / parts);
    }

    /** The values of {@code chunk} of {@code state} as a peer decodes them: the owner's own contribution. */
    float[] own(NetworkState state, int chunk) {
        return wire.precision().round(sliceAt(state, from(chunk), size(chunk)));
    }

    /** The values of {@code part} of {@code chunk} of {@code state} as a peer decodes them. */
    float[] own(NetworkState state, int chunk, int part) {
        return wire.precision().round(sliceAt(state, from(chunk, part), size(chunk, part)));
    }

    /** The values of {@code chunk} of {@code state}. */
    float[] slice(NetworkState state, int chunk) {
        return sliceAt(state, from(chunk), size(chunk));
    }

    /** The values of {@code part} of {@code chunk} of {@code state}. */
    float[] slice(NetworkState state, int chunk, int part) {
        return sliceAt(state, from(chunk, part), size(chunk, part));
    }

    private float[] sliceAt(NetworkState state, int start, int size) {
        float[] values = new float[size];
        for (int i = 0; i < values.length; i++) {
            int k = start + i;
            values[i] = k < params ? state.params()[k] : state.updater()[k - params];
        }
        return values;
    }

    /** Writes {@code values} into {@code params} and {@code updater} at {@code chunk}'s place. */
    void place(float[] values, int chunk, float[] paramsOut, float[] updaterOut) {
        placeAt(values, from(chunk), paramsOut, updaterOut);
    }

    /** Writes {@code values} into {@code params} and {@code updater} at the place of {@code part} of {@code chunk}. */
    void place(float[] values, int chunk, int part, float[] paramsOut, float[] updaterOut) {
        placeAt(values, from(chunk, part), paramsOut, updaterOut);
    }

    private void placeAt(float[] values, int start, float[] paramsOut, float[] updaterOut) {
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

    /** Reads the values of {@code part} of {@code chunk}; any other length is an error. */
    float[] read(DataInput in, int chunk, int part) throws IOException {
        return wire.readValues(in, size(chunk, part), parts == 1 ? "all-reduce chunk " + chunk
            : "all-reduce chunk " + chunk + " part " + (part + 1) + " of " + parts);
    }

    /**
     * The average of {@code chunk} over {@code contributions} (one per worker, in worker order) weighted by
     * {@code samples}, in the exchange's precision; {@code previous}'s values when no worker fitted anything.
     */
    float[] average(float[][] contributions, long[] samples, NetworkState previous, int chunk) {
        return averageAt(contributions, samples, previous, from(chunk), size(chunk));
    }

    /** {@link #average(float[][], long[], NetworkState, int)} of {@code part} of {@code chunk}. */
    float[] average(float[][] contributions, long[] samples, NetworkState previous, int chunk, int part) {
        return averageAt(contributions, samples, previous, from(chunk, part), size(chunk, part));
    }

    private float[] averageAt(float[][] contributions, long[] samples, NetworkState previous, int start, int size) {
        long total = 0;
        for (long count : samples) {
            total += count;
        }
        if (total == 0) {
            return wire.precision().round(sliceAt(previous, start, size));
        }
        float[] averaged = new float[size];
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
