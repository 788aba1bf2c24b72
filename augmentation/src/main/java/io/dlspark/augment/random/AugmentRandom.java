package io.dlspark.augment.random;

/**
 * SplitMix64: a small, fast generator whose sequence is fixed by its seed on every JVM. Augmentation ops draw
 * from it; one instance serves one record at a time and is not thread-safe.
 */
public final class AugmentRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public AugmentRandom(long seed) {
        this.state = seed;
    }

    /** Restarts the sequence from {@code seed}, so that one instance can serve many records without allocation. */
    public void reseed(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [low, high]; {@code low} when the bounds are equal. */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Uniform in [0, bound), for a positive {@code bound}. */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [low, high], both inclusive. */
    public int nextIntInclusive(int low, int high) {
        return low + nextInt(high - low + 1);
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
