package io.dlspark.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The {@code featuresCol} and {@code predictionCol} params every dlspark estimator and model has, with Java getters
 * and setters; {@link ScoringColumns} adds a classifier's probability columns.
 */
public interface PredictionColumns<T extends PredictionColumns<T>> extends Params {
    /** The column params, as {@link #declare} (or {@link ScoringColumns#declare}) made them. */
    Param<String>[] scoringParams();

    default Param<String> featuresCol() {
        return scoringParams()[0];
    }

    default Param<String> predictionCol() {
        return scoringParams()[1];
    }

    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default T setFeaturesCol(String value) {
        return self(featuresCol(), value);
    }

    default T setPredictionCol(String value) {
        return self(predictionCol(), value);
    }

    /** Sets {@code param} and returns this. */
    @SuppressWarnings("unchecked")
    default <V> T self(Param<V> param, V value) {
        set(param, value);
        return (T) this;
    }

    /** Declares {@code featuresCol} and {@code predictionCol} of {@code owner} with Spark ML's default names. */
    static Param<String>[] declare(Params owner, String prediction) {
        @SuppressWarnings("unchecked")
        Param<String>[] params = new Param[] {
            new Param<String>(owner, "featuresCol", "features column: a Spark ML Vector, array<float> or array<double>"),
            new Param<String>(owner, "predictionCol", "prediction column: " + prediction + " (double)")};
        owner.setDefault(params[0], "features");
        owner.setDefault(params[1], "prediction");
        return params;
    }
}
