package io.dlspark.core.detect.rcnn;

/**
 * Ridge least squares with an unpenalised intercept: solves {@code (X'X + lambda I) w = X'y} for several targets at
 * once by Cholesky, on rows of features extended by a constant 1.
 */
final class RidgeRegression {

    private RidgeRegression() {
    }

    /**
     * Coefficients {@code [targets][features + 1]} (the intercept last) fitted to rows {@code x[i]} and targets
     * {@code y[i]}; {@code lambda > 0} keeps the system positive definite.
     */
    static double[][] fit(float[][] x, double[][] y, double lambda) {
        int d = x[0].length + 1;
        int k = y[0].length;
        double[][] a = new double[d][d];
        double[][] b = new double[d][k];
        double[] row = new double[d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d - 1; j++) {
                row[j] = x[i][j];
            }
            row[d - 1] = 1;
            for (int p = 0; p < d; p++) {
                if (row[p] == 0) {
                    continue;
                }
                for (int q = 0; q <= p; q++) {
                    a[p][q] += row[p] * row[q];
                }
                for (int t = 0; t < k; t++) {
                    b[p][t] += row[p] * y[i][t];
                }
            }
        }
        for (int p = 0; p < d; p++) {
            a[p][p] += p < d - 1 ? lambda : 1e-9;
        }
        double[][] l = cholesky(a);
        double[][] w = new double[k][d];
        for (int t = 0; t < k; t++) {
            double[] z = new double[d];
            for (int p = 0; p < d; p++) {
                double s = b[p][t];
                for (int q = 0; q < p; q++) {
                    s -= l[p][q] * z[q];
                }
                z[p] = s / l[p][p];
            }
            for (int p = d - 1; p >= 0; p--) {
                double s = z[p];
                for (int q = p + 1; q < d; q++) {
                    s -= l[q][p] * w[t][q];
                }
                w[t][p] = s / l[p][p];
            }
        }
        return w;
    }

    /** The lower-triangular L with L L' = a, reading only a's lower triangle. */
    private static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q <= p; q++) {
                double s = a[p][q];
                for (int r = 0; r < q; r++) {
                    s -= l[p][r] * l[q][r];
                }
                if (p == q) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("ridge system is not positive definite at row " + p);
                    }
                    l[p][p] = Math.sqrt(s);
                } else {
                    l[p][q] = s / l[q][q];
                }
            }
        }
        return l;
    }
}
