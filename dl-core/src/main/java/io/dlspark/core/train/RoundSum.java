package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;

import java.io.Serializable;

/**
 * The sample-weighted sum of worker states after a round, with loss and timing, mergeable in any order
 * (the combine step of {@code treeAggregate}). Sums are kept in double precision.
 */
public final class RoundSum implements Serializable {
    private final double[] params;
    private final double[] updater;
    private long samples;
    private double lossSum;
    private int workers;
    private long maxFitNanos;
    private long minFitNanos = Long.MAX_VALUE;
    private long sumFitNanos;
    private int maxIterationSteps;

    private RoundSum(int paramCount, int updaterCount) {
        this.params = new double[paramCount];
        this.updater = new double[updaterCount];
    }

    /** One worker's contribution: its state after fitting {@code samples} records in {@code steps} minibatches. */
    public static RoundSum of(NetworkState state, long samples, int steps, double lossSum, long fitNanos) {
        RoundSum sum = new RoundSum(state.params().length, state.updater().length);
        if (samples > 0) {
            float[] p = state.params();
            for (int i = 0; i < p.length; i++) {
                sum.params[i] = (double) p[i] * samples;
            }
            float[] u = state.updater();
            for (int i = 0; i < u.length; i++) {
                sum.updater[i] = (double) u[i] * samples;
            }
        }
        sum.samples = samples;
        sum.lossSum = lossSum;
        sum.workers = 1;
        sum.maxFitNanos = fitNanos;
        sum.minFitNanos = fitNanos;
        sum.sumFitNanos = fitNanos;
        sum.maxIterationSteps = steps;
        return sum;
    }

    /** Adds {@code other} into this sum and returns this. */
    public RoundSum merge(RoundSum other) {
        if (other.params.length != params.length || other.updater.length != updater.length) {
            throw new IllegalArgumentException("cannot merge states of different networks");
        }
        for (int i = 0; i < params.length; i++) {
            params[i] += other.params[i];
        }
        for (int i = 0; i < updater.length; i++) {
            updater[i] += other.updater[i];
        }
        samples += other.samples;
        lossSum += other.lossSum;
        workers += other.workers;
        maxFitNanos = Math.max(maxFitNanos, other.maxFitNanos);
        minFitNanos = Math.min(minFitNanos, other.minFitNanos);
        sumFitNanos += other.sumFitNanos;
        maxIterationSteps = Math.max(maxIterationSteps, other.maxIterationSteps);
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

    public long samples() {
        return samples;
    }

    public double lossSum() {
        return lossSum;
    }

    public int workers() {
        return workers;
    }

    public long maxFitNanos() {
        return maxFitNanos;
    }

    public long minFitNanos() {
        return minFitNanos;
    }

    public long meanFitNanos() {
        return workers == 0 ? 0 : sumFitNanos / workers;
    }
}
