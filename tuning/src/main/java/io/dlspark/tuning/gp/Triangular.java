package io.dlspark.tuning.gp;

/**
 * The Cholesky factor of a symmetric matrix, triangular solves and the inverse from it. A lower factor {@code L} is
 * stored as jagged rows: row {@code i} holds {@code L[i][0..i]}.
 */
final class Triangular {
    private Triangular() {
    }

    /**
     * The lower Cholesky factor of {@code a + shift I}, reading only the lower triangle of {@code a}, or null when
     * the matrix is not numerically positive definite.
     */
    static double[][] cholesky(double[][] a, double shift) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] row = new double[i + 1];
            double[] ai = a[i];
            for (int j = 0; j < i; j++) {
                double[] lj = l[j];
                double sum = ai[j];
                for (int k = 0; k < j; k++) {
                    sum -= row[k] * lj[k];
                }
                row[j] = sum / lj[j];
            }
            double diag = ai[i] + shift;
            for (int k = 0; k < i; k++) {
                diag -= row[k] * row[k];
            }
            if (!(diag > 1e-300)) {
                return null;
            }
            row[i] = Math.sqrt(diag);
            l[i] = row;
        }
        return l;
    }

    /** Solves {@code L v = b}. */
    static double[] forward(double[][] l, double[] b) {
        int n = b.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = l[i];
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= row[k] * v[k];
            }
            v[i] = sum / row[i];
        }
        return v;
    }

    /** Solves {@code L^T w = v}. */
    static double[] backward(double[][] l, double[] v) {
        int n = v.length;
        double[] w = v.clone();
        for (int i = n - 1; i >= 0; i--) {
            w[i] /= l[i][i];
            double wi = w[i];
            double[] row = l[i];
            for (int k = 0; k < i; k++) {
                w[k] -= row[k] * wi;
            }
        }
        return w;
    }

    /** {@code (L L^T)^-1}: the columns of {@code L^-1} by forward substitution, then their inner products. */
    static double[][] inverse(double[][] l) {
        int n = l.length;
        double[][] columns = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] m = new double[n];
            m[j] = 1.0 / l[j][j];
            for (int i = j + 1; i < n; i++) {
                double[] row = l[i];
                double sum = 0;
                for (int k = j; k < i; k++) {
                    sum -= row[k] * m[k];
                }
                m[i] = sum / row[i];
            }
            columns[j] = m;
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] ci = columns[i];
            for (int j = 0; j <= i; j++) {
                double[] cj = columns[j];
                double sum = 0;
                for (int k = i; k < n; k++) {
                    sum += ci[k] * cj[k];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }
}
