package io.dlspark.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The columns a dlspark classifier reads and writes, with Java getters and setters shared by the estimator and the
 * model: {@code featuresCol}, {@code predictionCol}, {@code probabilityCol} and {@code rawPredictionCol}.
 */
public interface ScoringColumns<T extends ScoringColumns<T>> extends Params {
    /** The four column params, as {@link #declare} made them. */
    Param<String>[] scoringParams();

    default Param<String> featuresCol() {
        return scoringParams()[0];
    }

    default Param<String> predictionCol() {
        return scoringParams()[1];
    }

    default Param<String> probabilityCol() {
        return scoringParams()[2];
    }

    default Param<String> rawPredictionCol() {
        return scoringParams()[3];
    }

    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    default String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol());
    }

    default T setFeaturesCol(String value) {
        return self(featuresCol(), value);
    }

    default T setPredictionCol(String value) {
        return self(predictionCol(), value);
    }

    default T setProbabilityCol(String value) {
        return self(probabilityCol(), value);
    }

    default T setRawPredictionCol(String value) {
        return self(rawPredictionCol(), value);
    }

    /** Sets {@code param} and returns this. */
    @SuppressWarnings("unchecked")
    default <V> T self(Param<V> param, V value) {
        set(param, value);
        return (T) this;
    }

    /** Declares the four column params of {@code owner} with Spark ML's default names. */
    static Param<String>[] declare(Params owner) {
        @SuppressWarnings("unchecked")
        Param<String>[] params = new Param[] {
            new Param<String>(owner, "featuresCol", "features column: a Spark ML Vector, array<float> or array<double>"),
            new Param<String>(owner, "predictionCol", "prediction column: the predicted class index (double)"),
            new Param<String>(owner, "probabilityCol", "probability column: class probabilities (Vector)"),
            new Param<String>(owner, "rawPredictionCol",
                "raw prediction column: natural-log class probabilities, whose softmax is the probability (Vector)")};
        owner.setDefault(params[0], "features");
        owner.setDefault(params[1], "prediction");
        owner.setDefault(params[2], "probability");
        owner.setDefault(params[3], "rawPrediction");
        return params;
    }
}
