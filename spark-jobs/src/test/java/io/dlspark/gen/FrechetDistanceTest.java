package io.dlspark.gen;

import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrechetDistanceTest {

    @Test
    void aSetAgainstItselfIsZero() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] rows = new float[200][6];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (random.nextDouble() * (j + 1) + (j == 2 ? row[0] : 0));
            }
        }
        FeatureMoments a = new FeatureMoments(6).add(rows);
        assertEquals(0.0, FrechetDistance.of(a, a), 1e-9);
    }

    @Test
    void matchesHandComputedTwoDimensionalCases() {
        // diag(1,4) vs diag(4,1), means 2 apart in y and 1 in x: |d|^2 5 + traces 10 - 2 tr(diag(2,2)) 8 = 7
        assertEquals(7.0, FrechetDistance.of(MatrixUtils.createRealVector(new double[] {0, 0}),
            MatrixUtils.createRealDiagonalMatrix(new double[] {1, 4}), MatrixUtils.createRealVector(new double[] {1, 2}),
            MatrixUtils.createRealDiagonalMatrix(new double[] {4, 1})), 1e-9);
        // [[2,1],[1,2]] (eigenvalues 3, 1) vs I, equal means: 4 + 2 - 2 (sqrt 3 + 1)
        assertEquals(6 - 2 * (Math.sqrt(3) + 1), FrechetDistance.of(MatrixUtils.createRealVector(new double[] {0, 0}),
            MatrixUtils.createRealMatrix(new double[][] {{2, 1}, {1, 2}}), MatrixUtils.createRealVector(new double[] {0, 0}),
            MatrixUtils.createRealIdentityMatrix(2)), 1e-9);
    }

    @Test
    void momentsGiveTheSampleMeanAndUnbiasedCovariance() {
        FeatureMoments m = new FeatureMoments(2).add(new float[][] {{1, 2}, {3, 2}, {5, 8}});
        assertEquals(3.0, m.mean().getEntry(0), 1e-12);
        assertEquals(4.0, m.covariance().getEntry(0, 0), 1e-12);
        assertEquals(6.0, m.covariance().getEntry(0, 1), 1e-12);
        assertEquals(12.0, m.covariance().getEntry(1, 1), 1e-12);
    }

    @Test
    void classDiversityEntropyAndCoverage() {
        ClassDiversity uniform = ClassDiversity.of(new long[] {5, 5, 5, 5});
        assertEquals(Math.log(4), uniform.entropy(), 1e-12);
        assertEquals(4, uniform.coverage());
        ClassDiversity collapsed = ClassDiversity.of(new long[] {0, 1000, 0, 0});
        assertEquals(0.0, collapsed.entropy(), 1e-12);
        assertEquals(1, collapsed.coverage());
    }
}
