package io.dlspark.tuning.gp;

/** Triangular solves and the inverse from a lower Cholesky factor {@code L} stored as rows. */
final class Triangular {
    private Triangular() {
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

    /** {@code (L L^T)^-1}, via {@code L^-1}. */
    static double[][] inverse(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int j = 0; j < n; j++) {
            inv[j][j] = 1.0 / l[j][j];
            for (int i = j + 1; i < n; i++) {
                double sum = 0;
                double[] row = l[i];
                for (int k = j; k < i; k++) {
                    sum -= row[k] * inv[k][j];
                }
                inv[i][j] = sum / row[i];
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = i; k < n; k++) {
                    sum += inv[k][i] * inv[k][j];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }
}
