package io.dlspark.ml;

import org.apache.spark.ml.linalg.Vectors;

import java.io.Serializable;

/**
 * How a row of network output becomes the values a model appends to its input row: a classifier's raw prediction,
 * probability and class index, or a regressor's prediction in label units.
 */
interface RowScores extends Serializable {
    /** How many values are appended. */
    int columns();

    /** Writes the values for the network output {@code output[from .. from + width)} into {@code values[at ..]}. */
    void write(double[] output, int from, Object[] values, int at);

    /** Natural-log probabilities, probabilities (Vectors) and the most probable class index of {@code classes} classes. */
    record Classes(int classes) implements RowScores {
        @Override
        public int columns() {
            return 3;
        }

        @Override
        public void write(double[] output, int from, Object[] values, int at) {
            double[] probability = java.util.Arrays.copyOfRange(output, from, from + classes);
            double[] logs = new double[classes];
            int best = 0;
            for (int c = 0; c < classes; c++) {
                logs[c] = Math.log(Math.max(probability[c], Double.MIN_NORMAL));
                best = probability[c] > probability[best] ? c : best;
            }
            values[at] = Vectors.dense(logs);
            values[at + 1] = Vectors.dense(probability);
            values[at + 2] = (double) best;
        }
    }

    /** The network's one standardized output mapped back to label units: {@code mean + std * output}. */
    record Regression(double mean, double std) implements RowScores {
        @Override
        public int columns() {
            return 1;
        }

        @Override
        public void write(double[] output, int from, Object[] values, int at) {
            values[at] = mean + std * output[from];
        }
    }
}
