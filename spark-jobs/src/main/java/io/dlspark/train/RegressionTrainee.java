package io.dlspark.train;

import io.dlspark.core.artifact.ModelArtifactManifest.RegressionTarget;
import io.dlspark.core.eval.RegressionSums;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.engine.DistributedEvaluator;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A network with a regression head (one output, MSE loss on the standardized target) as the epoch loop trains it:
 * validated by its mean squared error on the validation split, in standardized units, which ranks the epochs.
 */
final class RegressionTrainee extends NetworkTrainee {
    private final RegressionTarget target;
    private final JavaSparkContext jsc;
    private final TrainingData validation;

    RegressionTrainee(ModelSource source, NeuralNetwork net, FeatureInputs inputs, RegressionTarget target,
                      JavaSparkContext jsc, TrainingData validation) {
        super(source, net, inputs, 1, inputs.assembler(1, source.convolutional()).forRegression());
        this.target = target;
        this.jsc = jsc;
        this.validation = validation;
    }

    @Override
    public EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) {
        return validation == null ? EpochValidation.NONE : score(state);
    }

    /** {@code state}'s predictions on the validation split, scored. */
    private Scored score(NetworkState state) {
        return new Scored(new DistributedEvaluator(jsc).regression("validation", validation, networkBlueprint(), state,
            assembler()), target);
    }

    @Override
    Map<String, Object> validationMetrics(EpochValidation last) {
        return validation == null ? Map.of() : (last instanceof Scored s ? s : score(state())).metrics();
    }

    @Override
    public String describe(EpochMetrics line, EpochValidation validation, int epochs) {
        return describe(line, epochs, "validation RMSE " + (validation instanceof Scored s
            ? String.format(Locale.ROOT, "%.4g", s.metrics().get("validationRmse")) : "n/a"));
    }

    /** A regressor's validation: its sums, and the target that maps them to label units. */
    record Scored(RegressionSums sums, RegressionTarget target) implements EpochValidation {
        /** The validation MSE in standardized units (the training loss's units). */
        @Override
        public Double loss() {
            return sums.mse();
        }

        /** RMSE and MAE in label units, and R². */
        Map<String, Object> metrics() {
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("validationRmse", sums.rmse() * target.std());
            metrics.put("validationMae", sums.mae() * target.std());
            metrics.put("validationR2", sums.r2());
            return metrics;
        }
    }
}
