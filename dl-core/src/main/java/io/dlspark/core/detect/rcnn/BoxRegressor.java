package io.dlspark.core.detect.rcnn;

import io.dlspark.core.detect.Box;

import java.io.Serializable;
import java.util.List;

/**
 * Per-class linear box regression on a classifier's features (R-CNN): for class c the deltas
 * {@code (tx, ty, tw, th)} are {@code W_c f + b_c}, fitted by ridge least squares; a class without samples moves
 * nothing. Predicted size deltas are clamped to {@code [-MAX_LOG_SCALE, MAX_LOG_SCALE]}.
 */
public record BoxRegressor(double[][][] weights) implements Serializable {
    /** Largest |tw| and |th| applied: a box changes its width or height at most e^0.7 ≈ 2 times. */
    public static final double MAX_LOG_SCALE = 0.7;

    /** One training sample: the proposal's features, its class and its deltas to the object. */
    public record Sample(float[] features, int classId, double[] deltas) {
    }

    /** Fits {@code classes} regressors of {@code features}-long inputs to {@code samples}, with ridge {@code lambda}. */
    public static BoxRegressor fit(List<Sample> samples, int classes, int features, double lambda) {
        double[][][] weights = new double[classes][4][features + 1];
        for (int c = 0; c < classes; c++) {
            int cls = c;
            List<Sample> mine = samples.stream().filter(s -> s.classId() == cls).toList();
            if (mine.isEmpty()) {
                continue;
            }
            float[][] x = mine.stream().map(Sample::features).toArray(float[][]::new);
            double[][] y = mine.stream().map(Sample::deltas).toArray(double[][]::new);
            weights[c] = RidgeRegression.fit(x, y, lambda);
        }
        return new BoxRegressor(weights);
    }

    /** The deltas predicted for class {@code classId} from {@code features}. */
    public double[] deltas(int classId, float[] features) {
        double[][] w = weights[classId];
        double[] out = new double[4];
        for (int t = 0; t < 4; t++) {
            double s = w[t][features.length];
            for (int j = 0; j < features.length; j++) {
                s += w[t][j] * features[j];
            }
            out[t] = t < 2 ? s : Math.max(-MAX_LOG_SCALE, Math.min(MAX_LOG_SCALE, s));
        }
        return out;
    }

    /** {@code proposal} moved by the deltas predicted for {@code classId}. */
    public Box apply(Box proposal, int classId, float[] features) {
        return BoxDeltas.decode(proposal, deltas(classId, features));
    }

    public int classes() {
        return weights.length;
    }
}
