package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RoundSumTest {
    private final NetworkState previous = new NetworkState(new float[] {0, 0}, new float[] {0}, 10, 2);

    private static RoundSum worker(float p0, float p1, float u, long samples, int steps) {
        return RoundSum.of(new NetworkState(new float[] {p0, p1}, new float[] {u}, 0, 0), samples, steps, new double[] {samples * 0.5}, 1000);
    }

    @Test
    void averageIsWeightedBySamplesAndAdvancesTheIteration() {
        NetworkState avg = worker(1, 2, 4, 30, 3).merge(worker(3, 6, 8, 10, 1)).average(previous);
        assertArrayEquals(new float[] {1.5f, 3f}, avg.params());
        assertArrayEquals(new float[] {5f}, avg.updater());
        assertEquals(13, avg.iteration());
        assertEquals(2, avg.epoch());
    }

    @Test
    void mergeOrderDoesNotMatter() {
        NetworkState a = worker(1, 2, 3, 5, 1).merge(worker(4, 5, 6, 7, 1)).merge(worker(7, 8, 9, 9, 1)).average(previous);
        NetworkState b = worker(7, 8, 9, 9, 1).merge(worker(1, 2, 3, 5, 1).merge(worker(4, 5, 6, 7, 1))).average(previous);
        assertArrayEquals(a.params(), b.params());
        assertArrayEquals(a.updater(), b.updater());
    }

    @Test
    void workersWithoutSamplesDoNotCountAndAnEmptyRoundKeepsTheState() {
        NetworkState avg = worker(2, 2, 2, 4, 1).merge(worker(100, 100, 100, 0, 0)).average(previous);
        assertArrayEquals(new float[] {2f, 2f}, avg.params());
        assertSame(previous, worker(9, 9, 9, 0, 0).average(previous));
    }

    @Test
    void oneWorkerAveragesToItsOwnStateExactly() {
        float[] p = {0.1234567f, -3.3333333f};
        NetworkState avg = RoundSum.of(new NetworkState(p, new float[] {1e-7f}, 0, 0), 317, 5, new double[] {0}, 0).average(previous);
        assertArrayEquals(p, avg.params());
    }

    /**
     * Frozen layers' parameters are the same on every worker; the sample-weighted average must give them back bit for
     * bit, whatever the weights. Each float times a sample count is exact in double, so are their sums, and so is the
     * division by the total count.
     */
    @Test
    void identicalValuesAverageToThemselvesBitForBitWhateverTheWeights() {
        java.util.Random random = new java.util.Random(3);
        float[] frozen = new float[1000];
        for (int i = 0; i < frozen.length; i++) {
            frozen[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
        }
        NetworkState previous = new NetworkState(new float[frozen.length], new float[0], 0, 0);
        long[] samples = {64, 37, 1, 999_983, 5};
        RoundSum sum = RoundSum.of(new NetworkState(frozen.clone(), new float[0], 0, 0), samples[0], 1, new double[1], 0);
        for (int w = 1; w < samples.length; w++) {
            RoundSum other = RoundSum.of(new NetworkState(frozen.clone(), new float[0], 0, 0), samples[w], 1, new double[1], 0);
            sum = w % 2 == 0 ? sum.merge(other) : other.merge(sum);
        }
        assertArrayEquals(frozen, sum.average(previous).params());
    }
}
