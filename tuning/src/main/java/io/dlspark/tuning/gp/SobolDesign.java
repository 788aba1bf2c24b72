package io.dlspark.tuning.gp;

import org.apache.commons.math3.random.SobolSequenceGenerator;

import java.util.Random;

/**
 * A seeded space-filling initial design: the Sobol sequence with a random shift modulo 1 (Cranley-Patterson
 * rotation), so different seeds give different but equally even designs.
 */
public final class SobolDesign {
    private final SobolSequenceGenerator sobol;
    private final double[] shift;

    public SobolDesign(int dimension, long seed) {
        this.sobol = new SobolSequenceGenerator(dimension);
        Random random = new Random(seed);
        this.shift = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            shift[j] = random.nextDouble();
        }
    }

    /** The point with the given index of the shifted sequence. */
    public double[] point(int index) {
        sobol.skipTo(index);
        double[] v = sobol.nextVector();
        for (int j = 0; j < v.length; j++) {
            v[j] = (v[j] + shift[j]) % 1.0;
        }
        return v;
    }
}
