package io.dlspark.tuning.gp;

import java.util.Arrays;

/**
 * Hyperparameters of a Matérn-5/2 ARD kernel with Gaussian noise: one lengthscale per input dimension, the signal
 * variance and the noise variance. {@link #toLog}/{@link #fromLog} give the log-parameter vector that fitting uses,
 * ordered {@code [log l_1 .. log l_d, log signal, log noise]}.
 */
public record KernelParams(double[] lengthscales, double signalVariance, double noiseVariance) {
    public KernelParams {
        if (lengthscales == null || lengthscales.length == 0) {
            throw new IllegalArgumentException("at least one lengthscale is needed");
        }
        lengthscales = lengthscales.clone();
        for (double l : lengthscales) {
            if (!(l > 0) || !Double.isFinite(l)) {
                throw new IllegalArgumentException("lengthscales must be finite and > 0: " + Arrays.toString(lengthscales));
            }
        }
        if (!(signalVariance > 0) || !Double.isFinite(signalVariance)) {
            throw new IllegalArgumentException("signal variance must be finite and > 0, got " + signalVariance);
        }
        if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("noise variance must be finite and >= 0, got " + noiseVariance);
        }
    }

    public static KernelParams isotropic(int dimension, double lengthscale, double signalVariance, double noiseVariance) {
        double[] l = new double[dimension];
        Arrays.fill(l, lengthscale);
        return new KernelParams(l, signalVariance, noiseVariance);
    }

    public static KernelParams fromLog(double[] logParams) {
        int d = logParams.length - 2;
        double[] l = new double[d];
        for (int j = 0; j < d; j++) {
            l[j] = Math.exp(logParams[j]);
        }
        return new KernelParams(l, Math.exp(logParams[d]), Math.exp(logParams[d + 1]));
    }

    public int dimension() {
        return lengthscales.length;
    }

    @Override
    public double[] lengthscales() {
        return lengthscales.clone();
    }

    double lengthscale(int j) {
        return lengthscales[j];
    }

    public double[] toLog() {
        int d = lengthscales.length;
        double[] out = new double[d + 2];
        for (int j = 0; j < d; j++) {
            out[j] = Math.log(lengthscales[j]);
        }
        out[d] = Math.log(signalVariance);
        out[d + 1] = Math.log(Math.max(noiseVariance, Double.MIN_NORMAL));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelParams k && Arrays.equals(lengthscales, k.lengthscales)
                && signalVariance == k.signalVariance && noiseVariance == k.noiseVariance;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lengthscales) + Double.hashCode(signalVariance) + 7 * Double.hashCode(noiseVariance);
    }

    @Override
    public String toString() {
        return "KernelParams[lengthscales=" + Arrays.toString(lengthscales) + ", signal=" + signalVariance
                + ", noise=" + noiseVariance + "]";
    }
}
