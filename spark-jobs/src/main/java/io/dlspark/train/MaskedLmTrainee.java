package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.engine.MaskedLmEvaluator;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An encoder with a masked-language-model head as the epoch loop trains it: minibatches masked per record and epoch,
 * validated by the loss per predicted token and the masked-token accuracy on the held-out split.
 */
final class MaskedLmTrainee extends NetworkTrainee {
    private final JavaSparkContext jsc;
    private final TrainingData validation;
    private final String output;

    MaskedLmTrainee(ModelSource source, NeuralNetwork net, MinibatchAssembler assembler, String output,
                    JavaSparkContext jsc, TrainingData validation) {
        super(source, net, null, 0, assembler);
        this.output = output;
        this.jsc = jsc;
        this.validation = validation;
    }

    @Override
    void checkRestored(NeuralNetwork restored) {
        if (!(restored instanceof ComputationGraph graph) || graph.getLayer(output) == null) {
            throw new UsageException("the checkpoint of --model " + name() + " has no masked-language-model output '"
                + output + "'");
        }
    }

    @Override
    public EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) {
        return validation == null ? EpochValidation.NONE : new Scored(score(state));
    }

    private MaskedLmEvaluator.Scores score(NetworkState state) {
        return MaskedLmEvaluator.evaluate(jsc, "validation", validation, networkBlueprint(), state, assembler());
    }

    @Override
    Map<String, Object> validationMetrics(EpochValidation last) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (validation != null) {
            MaskedLmEvaluator.Scores scores = last instanceof Scored s ? s.scores() : score(state());
            metrics.put("validationMlmLoss", scores.loss());
            metrics.put("validationMaskedTokenAccuracy", scores.accuracy());
            metrics.put("validationMaskedTokens", scores.predicted());
        }
        return metrics;
    }

    @Override
    public String describe(EpochMetrics line, EpochValidation validation, int epochs) {
        return describe(line, epochs, validation.loss() == null ? "no validation split"
            : String.format(Locale.ROOT, "validation MLM loss %.4f, masked-token accuracy %.4f", validation.loss(),
                validation.accuracy()));
    }

    /** A masked language model's validation: loss per predicted token and masked-token accuracy. */
    record Scored(MaskedLmEvaluator.Scores scores) implements EpochValidation {
        @Override
        public Double loss() {
            return scores.loss();
        }

        @Override
        public Double accuracy() {
            return scores.accuracy();
        }
    }
}
