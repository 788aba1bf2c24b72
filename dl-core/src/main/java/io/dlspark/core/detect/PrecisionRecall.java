package io.dlspark.core.detect;

import java.util.List;

/**
 * Precision and recall after each ranked detection: {@code precision[i] = tp / (i + 1)} and
 * {@code recall[i] = tp / positives}, where tp counts the true positives among the first i + 1.
 */
record PrecisionRecall(double[] precision, double[] recall) {

    /** From the outcomes of ranked detections (true = true positive; ignored ones left out) and the positives. */
    static PrecisionRecall of(List<Boolean> truePositives, int positives) {
        int n = truePositives.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            if (truePositives.get(i)) {
                tp++;
            }
            precision[i] = (double) tp / (i + 1);
            recall[i] = (double) tp / positives;
        }
        return new PrecisionRecall(precision, recall);
    }

    /** The precision envelope: at each rank, the highest precision at that rank or any later one. */
    double[] envelope() {
        double[] env = precision.clone();
        for (int i = env.length - 2; i >= 0; i--) {
            env[i] = Math.max(env[i], env[i + 1]);
        }
        return env;
    }
}
