package io.dlspark.train;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.engine.DistributedEvaluator;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A classifier network as the epoch loop trains it: validated by distributed evaluation on the validation split. */
final class ClassifierTrainee extends NetworkTrainee {
    private final ShardManifest data;
    private final JavaSparkContext jsc;
    private final TrainingData validation;

    ClassifierTrainee(ModelSource source, NeuralNetwork net, FeatureInputs inputs, ShardManifest data,
                      JavaSparkContext jsc, TrainingData validation) {
        super(source, net, inputs, data.classCount(), inputs.assembler(data.classCount(), source.convolutional()));
        this.data = data;
        this.jsc = jsc;
        this.validation = validation;
    }

    @Override
    public EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) {
        return validation == null ? EpochValidation.NONE : new Evaluated(evaluate(state));
    }

    /** Evaluates {@code state} on the validation split. */
    private EvaluationReport evaluate(NetworkState state) {
        return new DistributedEvaluator(jsc).evaluate("validation", validation, networkBlueprint(), state, assembler(),
            data.labelNames(), data.positiveClass());
    }

    @Override
    Map<String, Object> validationMetrics(EpochValidation last) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (validation != null) {
            EvaluationReport report = last instanceof Evaluated e ? e.report() : evaluate(state());
            metrics.put("validationAccuracy", report.accuracy());
            metrics.put("validationLogLoss", report.logLoss());
            metrics.put("validationMacroF1", report.macroF1());
        }
        return metrics;
    }

    @Override
    public String describe(EpochMetrics line, EpochValidation validation, int epochs) {
        return describe(line, epochs, "validation accuracy " + (validation.accuracy() == null ? "n/a"
            : String.format(Locale.ROOT, "%.4f", validation.accuracy())));
    }

    /** A classifier's validation: its evaluation report. */
    record Evaluated(EvaluationReport report) implements EpochValidation {
        @Override
        public Double loss() {
            return report.logLoss();
        }

        @Override
        public Double accuracy() {
            return report.accuracy();
        }
    }
}
