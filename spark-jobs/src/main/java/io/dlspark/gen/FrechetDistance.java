package io.dlspark.gen;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The Fréchet distance between two Gaussians, the statistic behind FID: {@code |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1^1/2
 * S2 S1^1/2)^1/2)}.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    public static double of(FeatureMoments a, FeatureMoments b) {
        return of(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    public static double of(RealVector mu1, RealMatrix sigma1, RealVector mu2, RealMatrix sigma2) {
        RealVector diff = mu1.subtract(mu2);
        RealMatrix root1 = sqrtSymmetric(sigma1);
        RealMatrix inner = root1.multiply(sigma2).multiply(root1);
        double traceCross = trace(sqrtSymmetric(symmetrise(inner)));
        return Math.max(0.0, diff.dotProduct(diff) + sigma1.getTrace() + sigma2.getTrace() - 2 * traceCross);
    }

    /** The principal square root of a symmetric positive semi-definite matrix. */
    static RealMatrix sqrtSymmetric(RealMatrix m) {
        EigenDecomposition eigen = new EigenDecomposition(m);
        double[] values = eigen.getRealEigenvalues();
        double[] roots = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            roots[i] = Math.sqrt(Math.max(0.0, values[i]));
        }
        RealMatrix v = eigen.getV();
        return v.multiply(MatrixUtils.createRealDiagonalMatrix(roots)).multiply(v.transpose());
    }

    private static RealMatrix symmetrise(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }

    private static double trace(RealMatrix m) {
        return m.getTrace();
    }
}
