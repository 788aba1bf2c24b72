package io.dlspark.core.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OuterMomentumTest {
    private static NetworkState state(float... params) {
        return new NetworkState(params, new float[] {params[0] * 10}, 3, 1);
    }

    @Test
    void plainAveragingReturnsTheAverageItself() {
        OuterMomentum plain = new OuterMomentum(0, 1);
        NetworkState averaged = state(1f, 2f);
        assertSame(averaged, plain.step(state(0f, 0f), averaged));
        assertNull(plain.velocity());
    }

    @Test
    void stepsFollowTheHeavyBallRecurrence() {
        OuterMomentum momentum = new OuterMomentum(0.5, 1);
        // round 1: x = 1, a = 0.8 -> u = 0.2, next = 0.8
        NetworkState first = momentum.step(state(1f), state(0.8f));
        assertArrayEquals(new float[] {0.8f}, first.params(), 1e-6f);
        assertArrayEquals(new float[] {8f}, first.updater(), "the updater state is the plain average");
        // round 2: x = 0.8, a = 0.7 -> u = 0.5 * 0.2 + 0.1 = 0.2, next = 0.6
        NetworkState second = momentum.step(first, state(0.7f));
        assertArrayEquals(new float[] {0.6f}, second.params(), 1e-6f);
        assertArrayEquals(new float[] {0.2f}, momentum.velocity(), 1e-6f);
    }

    @Test
    void outerLearningRateScalesTheStep() {
        OuterMomentum momentum = new OuterMomentum(0, 2);
        assertArrayEquals(new float[] {0.6f, 3f}, momentum.step(state(1f, 1f), state(0.8f, 2f)).params(), 1e-6f);
    }

    @Test
    void restoredVelocityContinuesTheRun() {
        OuterMomentum uninterrupted = new OuterMomentum(0.9, 1);
        NetworkState x = uninterrupted.step(state(1f), state(0.5f));
        OuterMomentum resumed = new OuterMomentum(0.9, 1);
        resumed.restore(uninterrupted.velocity());
        assertArrayEquals(uninterrupted.step(x, state(0.25f)).params(), resumed.step(x, state(0.25f)).params());
    }

    @Test
    void invalidSettingsNameTheOption() {
        UsageException beta = assertThrows(UsageException.class, () -> new OuterMomentum(1, 1));
        assertTrue(beta.getMessage().contains("--outer-momentum"), beta.getMessage());
        UsageException alpha = assertThrows(UsageException.class, () -> new OuterMomentum(0.5, 0));
        assertTrue(alpha.getMessage().contains("--outer-learning-rate"), alpha.getMessage());
    }
}
