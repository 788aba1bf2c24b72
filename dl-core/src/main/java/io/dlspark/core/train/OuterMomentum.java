package io.dlspark.core.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;

/**
 * Momentum on top of parameter averaging (the "slow momentum" of Wang et al., ICLR 2020, a form of the block
 * momentum of Chen and Huo, 2016). Each round starts from {@code x}; the workers' average is {@code a}. The round's
 * step {@code x - a} is folded into a velocity {@code u = beta * u + (x - a)}, and the next round starts from
 * {@code x - alpha * u}.
 *
 * <p>With {@code beta = 0} and {@code alpha = 1} this is plain averaging, and {@link #step} returns the average
 * itself. A positive {@code beta} makes up for the fewer, larger steps that averaging W workers takes: in a steady
 * state each step is amplified by {@code alpha / (1 - beta)}. Only parameters get momentum; the updater state is the
 * plain average. The velocity is driver state: checkpoint it with {@link #velocity()} and restore it with
 * {@link #restore(float[])}.
 */
public final class OuterMomentum {
    private final double beta;
    private final double alpha;
    private float[] velocity;

    /**
     * @param beta  momentum in [0, 1)
     * @param alpha outer learning rate, positive
     */
    public OuterMomentum(double beta, double alpha) {
        validate(beta, alpha);
        this.beta = beta;
        this.alpha = alpha;
    }

    /** Rejects a momentum outside [0, 1) or a non-positive outer learning rate, naming the option. */
    public static void validate(double beta, double alpha) {
        if (!(beta >= 0 && beta < 1)) {
            throw new UsageException("--outer-momentum: must be in [0, 1), got " + beta);
        }
        if (!(alpha > 0 && Double.isFinite(alpha))) {
            throw new UsageException("--outer-learning-rate: must be a positive number, got " + alpha);
        }
    }

    /** Whether this is plain averaging. */
    public boolean plain() {
        return beta == 0 && alpha == 1;
    }

    /** The state the next round starts from, given this round's start and the workers' averaged state. */
    public NetworkState step(NetworkState start, NetworkState averaged) {
        if (plain()) {
            return averaged;
        }
        float[] x = start.params();
        float[] a = averaged.params();
        if (velocity == null) {
            velocity = new float[x.length];
        } else if (velocity.length != x.length) {
            throw new IllegalArgumentException("velocity has " + velocity.length + " values, parameters " + x.length);
        }
        float[] next = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float u = (float) (beta * velocity[i] + ((double) x[i] - a[i]));
            velocity[i] = u;
            next[i] = (float) (x[i] - alpha * u);
        }
        return new NetworkState(next, averaged.updater(), averaged.iteration(), averaged.epoch());
    }

    /** A copy of the velocity, or null before the first step and for plain averaging. */
    public float[] velocity() {
        return velocity == null ? null : velocity.clone();
    }

    /** Continues from a checkpointed velocity (null: from rest). */
    public void restore(float[] checkpointed) {
        velocity = checkpointed == null ? null : checkpointed.clone();
    }
}
