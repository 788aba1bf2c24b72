package io.dlspark.core.train;

import io.dlspark.core.io.BulkArrays;
import io.dlspark.core.nn.NetworkState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The sample-weighted sum of worker states after a round, with loss and timing, mergeable in any order (the combine
 * step of {@code treeAggregate}); arrays travel as bulk bytes ({@link BulkArrays}).
 */
public final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte SINGLE = 1;
    private static final byte MERGED = 2;
    private transient float[] workerParams;
    private transient float[] workerUpdater;
    private transient double[] params;
    private transient double[] updater;
    private long samples;
    private double[] lossSums;
    private int workers;
    private long maxFitNanos;
    private long sumFitNanos;
    private int maxIterationSteps;
    private GradientSums gradients;

    private RoundSum() {
    }

    /**
     * One worker's contribution: its state after fitting {@code samples} records in {@code steps} minibatches, and
     * its losses summed over those records (one per loss the trainable reports).
     */
    public static RoundSum of(NetworkState state, long samples, int steps, double[] lossSums, long fitNanos) {
        return of(state, samples, steps, lossSums, fitNanos, null);
    }

    /** One worker's contribution with its per-layer gradient sums (null when not collected). */
    public static RoundSum of(NetworkState state, long samples, int steps, double[] lossSums, long fitNanos,
                              GradientSums gradients) {
        RoundSum sum = new RoundSum();
        sum.workerParams = state.params();
        sum.workerUpdater = state.updater();
        sum.samples = samples;
        sum.lossSums = lossSums.clone();
        sum.workers = 1;
        sum.maxFitNanos = fitNanos;
        sum.sumFitNanos = fitNanos;
        sum.maxIterationSteps = steps;
        sum.gradients = gradients;
        return sum;
    }

    /** Adds {@code other} into this sum and returns this. */
    public RoundSum merge(RoundSum other) {
        toSums();
        if (other.paramCount() != params.length || other.updaterCount() != updater.length
            || other.lossSums.length != lossSums.length) {
            throw new IllegalArgumentException("cannot merge states of different networks");
        }
        other.addInto(params, updater);
        samples += other.samples;
        for (int i = 0; i < lossSums.length; i++) {
            lossSums[i] += other.lossSums[i];
        }
        workers += other.workers;
        maxFitNanos = Math.max(maxFitNanos, other.maxFitNanos);
        sumFitNanos += other.sumFitNanos;
        maxIterationSteps = Math.max(maxIterationSteps, other.maxIterationSteps);
        gradients = gradients == null ? other.gradients : other.gradients == null ? gradients : gradients.merge(other.gradients);
        return this;
    }

    /**
     * The sample-weighted average state, with the iteration counter advanced by the most minibatches any worker
     * fitted; {@code previous} is returned unchanged when no worker fitted anything.
     */
    public NetworkState average(NetworkState previous) {
        if (samples == 0) {
            return previous;
        }
        toSums();
        float[] p = new float[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (params[i] / samples);
        }
        float[] u = new float[updater.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) (updater[i] / samples);
        }
        return new NetworkState(p, u, previous.iteration() + maxIterationSteps, previous.epoch());
    }

    private int paramCount() {
        return params != null ? params.length : workerParams.length;
    }

    private int updaterCount() {
        return updater != null ? updater.length : workerUpdater.length;
    }

    /** Turns a single worker's arrays into weighted double sums, once. */
    private void toSums() {
        if (params != null) {
            return;
        }
        params = new double[workerParams.length];
        updater = new double[workerUpdater.length];
        addWeighted(workerParams, workerUpdater, samples, params, updater);
        workerParams = null;
        workerUpdater = null;
    }

    private void addInto(double[] paramSums, double[] updaterSums) {
        if (params == null) {
            addWeighted(workerParams, workerUpdater, samples, paramSums, updaterSums);
            return;
        }
        for (int i = 0; i < params.length; i++) {
            paramSums[i] += params[i];
        }
        for (int i = 0; i < updater.length; i++) {
            updaterSums[i] += updater[i];
        }
    }

    private static void addWeighted(float[] p, float[] u, long weight, double[] paramSums, double[] updaterSums) {
        if (weight == 0) {
            return;
        }
        for (int i = 0; i < p.length; i++) {
            paramSums[i] += (double) p[i] * weight;
        }
        for (int i = 0; i < u.length; i++) {
            updaterSums[i] += (double) u[i] * weight;
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        BulkArrays.writeFloats(out, workerParams);
        BulkArrays.writeFloats(out, workerUpdater);
        BulkArrays.writeDoubles(out, params);
        BulkArrays.writeDoubles(out, updater);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        workerParams = BulkArrays.readFloats(in);
        workerUpdater = BulkArrays.readFloats(in);
        params = BulkArrays.readDoubles(in);
        updater = BulkArrays.readDoubles(in);
    }

    /** Writes this sum in {@link StateCodec}'s layout: one worker's float arrays, or double sums once merged. */
    void encode(DataOutput out) throws IOException {
        boolean single = params == null;
        out.writeByte(single ? SINGLE : MERGED);
        out.writeLong(samples);
        out.writeInt(workers);
        out.writeLong(maxFitNanos);
        out.writeLong(sumFitNanos);
        out.writeInt(maxIterationSteps);
        StateCodec.writeRawDoubles(out, lossSums);
        out.writeBoolean(gradients != null);
        if (gradients != null) {
            gradients.encode(out);
        }
        if (single) {
            BulkArrays.writeFloats(out, workerParams);
            BulkArrays.writeFloats(out, workerUpdater);
        } else {
            BulkArrays.writeDoubles(out, params);
            BulkArrays.writeDoubles(out, updater);
        }
    }

    /** Reads a sum written by {@link #encode}, checking every length against {@code codec} before allocating. */
    static RoundSum decode(DataInput in, StateCodec codec) throws IOException {
        RoundSum sum = new RoundSum();
        byte form = in.readByte();
        if (form != SINGLE && form != MERGED) {
            throw new IOException("round sum: unknown form " + form);
        }
        sum.samples = in.readLong();
        sum.workers = in.readInt();
        sum.maxFitNanos = in.readLong();
        sum.sumFitNanos = in.readLong();
        sum.maxIterationSteps = in.readInt();
        if (sum.samples < 0 || sum.workers < 1 || sum.maxIterationSteps < 0 || (form == SINGLE && sum.workers != 1)) {
            throw new IOException("round sum: impossible counts (samples " + sum.samples + ", workers " + sum.workers
                + ", steps " + sum.maxIterationSteps + ")");
        }
        sum.lossSums = StateCodec.readRawDoubles(in, 0, StateCodec.MAX_LOSSES, "round sum losses");
        sum.gradients = in.readBoolean() ? GradientSums.decode(in, codec.gradientLayerBound()) : null;
        if (form == SINGLE) {
            sum.workerParams = BulkArrays.readFloats(in, codec.params(), "round sum parameters");
            sum.workerUpdater = BulkArrays.readFloats(in, codec.updater(), "round sum updater state");
        } else {
            sum.params = BulkArrays.readDoubles(in, codec.params(), "round sum parameters");
            sum.updater = BulkArrays.readDoubles(in, codec.updater(), "round sum updater state");
        }
        return sum;
    }

    /**
     * A single worker's state as fitted (not yet weighted): what a decentralised exchange averages chunk by chunk;
     * the arrays are shared, not copied.
     */
    public NetworkState workerState() {
        if (workerParams == null) {
            throw new IllegalStateException("a merged round sum has no single worker state");
        }
        return new NetworkState(workerParams, workerUpdater, 0, 0);
    }

    /**
     * This sum without its state arrays: samples, losses, timings, steps and gradient sums, mergeable with other
     * statistics and encoded by {@link StateCodec#statistics()}.
     */
    public RoundSum statistics() {
        RoundSum copy = new RoundSum();
        copy.params = new double[0];
        copy.updater = new double[0];
        copy.samples = samples;
        copy.lossSums = lossSums.clone();
        copy.workers = workers;
        copy.maxFitNanos = maxFitNanos;
        copy.sumFitNanos = sumFitNanos;
        copy.maxIterationSteps = maxIterationSteps;
        copy.gradients = gradients == null ? null : GradientSums.empty(gradients.layers()).merge(gradients);
        return copy;
    }

    /** The most minibatches any of the summed workers fitted. */
    public int maxIterationSteps() {
        return maxIterationSteps;
    }

    /** The workers' per-layer gradient sums, or null when none were collected. */
    public GradientSums gradients() {
        return gradients;
    }

    public long samples() {
        return samples;
    }

    /** The first (reported) loss summed over the samples. */
    public double lossSum() {
        return lossSums[0];
    }

    /** Every loss of the trainable, each summed over the samples. */
    public double[] lossSums() {
        return lossSums.clone();
    }

    public int workers() {
        return workers;
    }

    public long maxFitNanos() {
        return maxFitNanos;
    }

    public long meanFitNanos() {
        return workers == 0 ? 0 : sumFitNanos / workers;
    }
}
