package io.dlspark.augment.image;

/**
 * Standard normal deviates by table: entry k is the quantile at (k + 0.5) / 4096, so that 12 random bits give
 * a deviate truncated at about 3.7 sigma. Built with {@link StrictMath}, so every JVM holds the same table.
 */
final class NormalQuantiles {
    static final int BITS = 12;
    static final int MASK = (1 << BITS) - 1;
    static final int PER_LONG = 64 / BITS;
    private static final double[] TABLE = build();

    private NormalQuantiles() {
    }

    static double at(int index) {
        return TABLE[index];
    }

    private static double[] build() {
        double[] table = new double[1 << BITS];
        for (int k = 0; k < table.length; k++) {
            table[k] = inverseCdf((k + 0.5) / table.length);
        }
        return table;
    }

    /** Acklam's rational approximation of the normal quantile, relative error below 1.2e-9. */
    private static double inverseCdf(double p) {
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        final double low = 0.02425;
        if (p < low) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseCdf(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
