package io.dlspark.gen;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

import java.io.Serializable;

/**
 * Count, sum and sum of outer products of feature vectors, in double precision; mergeable in any order, so Spark
 * tasks each summarise their records and the driver combines them into a mean and covariance.
 */
public final class FeatureMoments implements Serializable {
    private final int dimension;
    private long count;
    private final double[] sum;
    private final double[] outer;

    public FeatureMoments(int dimension) {
        this.dimension = dimension;
        this.sum = new double[dimension];
        this.outer = new double[dimension * dimension];
    }

    /** Adds each row of {@code rows} ({@code [n][dimension]}). */
    public FeatureMoments add(float[][] rows) {
        for (float[] row : rows) {
            if (row.length != dimension) {
                throw new IllegalArgumentException("feature vector of " + row.length + " values, expected " + dimension);
            }
            count++;
            for (int i = 0; i < dimension; i++) {
                double xi = row[i];
                sum[i] += xi;
                if (xi != 0) {
                    int base = i * dimension;
                    for (int j = i; j < dimension; j++) {
                        outer[base + j] += xi * row[j];
                    }
                }
            }
        }
        return this;
    }

    public FeatureMoments merge(FeatureMoments other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot merge moments of " + other.dimension + " and " + dimension + " features");
        }
        count += other.count;
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.sum[i];
        }
        for (int i = 0; i < outer.length; i++) {
            outer[i] += other.outer[i];
        }
        return this;
    }

    public long count() {
        return count;
    }

    public RealVector mean() {
        double[] mean = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            mean[i] = sum[i] / count;
        }
        return new ArrayRealVector(mean, false);
    }

    /** The unbiased sample covariance (n - 1 in the denominator). */
    public RealMatrix covariance() {
        if (count < 2) {
            throw new IllegalStateException("a covariance needs at least 2 feature vectors, got " + count);
        }
        double[][] cov = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                double c = (outer[i * dimension + j] - sum[i] * sum[j] / count) / (count - 1);
                cov[i][j] = c;
                cov[j][i] = c;
            }
        }
        return new Array2DRowRealMatrix(cov, false);
    }
}
