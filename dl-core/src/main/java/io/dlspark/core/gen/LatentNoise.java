package io.dlspark.core.gen;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Standard normal latent codes drawn from an explicit seed, the same on every machine and backend. */
public final class LatentNoise {
    private LatentNoise() {
    }

    /** An {@code [rows, size]} float matrix of independent N(0, 1) values. */
    public static INDArray gaussian(int rows, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * size];
        for (int i = 0; i < values.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double radius = Math.sqrt(-2.0 * Math.log(u1));
            values[i] = (float) (radius * Math.cos(2 * Math.PI * u2));
            if (i + 1 < values.length) {
                values[i + 1] = (float) (radius * Math.sin(2 * Math.PI * u2));
            }
        }
        return Nd4j.create(values, new long[] {rows, size}, 'c');
    }

    /** A second, independent stream derived from {@code seed}. */
    public static long next(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
