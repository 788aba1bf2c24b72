package io.dlspark.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The columns a dlspark classifier reads and writes, shared by the estimator and the model: those of
 * {@link PredictionColumns} plus {@code probabilityCol} and {@code rawPredictionCol}.
 */
public interface ScoringColumns<T extends ScoringColumns<T>> extends PredictionColumns<T> {
    default Param<String> probabilityCol() {
        return scoringParams()[2];
    }

    default Param<String> rawPredictionCol() {
        return scoringParams()[3];
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    default String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol());
    }

    default T setProbabilityCol(String value) {
        return self(probabilityCol(), value);
    }

    default T setRawPredictionCol(String value) {
        return self(rawPredictionCol(), value);
    }

    /** Declares the four column params of {@code owner} with Spark ML's default names. */
    static Param<String>[] declare(Params owner) {
        Param<String>[] base = PredictionColumns.declare(owner, "the predicted class index");
        @SuppressWarnings("unchecked")
        Param<String>[] params = new Param[] {base[0], base[1],
            new Param<String>(owner, "probabilityCol", "probability column: class probabilities (Vector)"),
            new Param<String>(owner, "rawPredictionCol",
                "raw prediction column: natural-log class probabilities, whose softmax is the probability (Vector)")};
        owner.setDefault(params[2], "probability");
        owner.setDefault(params[3], "rawPrediction");
        return params;
    }
}
