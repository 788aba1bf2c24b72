package io.dlspark.core.local;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.eval.PartitionEvaluation;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RoundFitter;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.Serializable;
import java.util.List;

/**
 * Single-machine training on one partition: each epoch fits every minibatch of {@link EpochPlan}'s order for
 * worker 0 (one round spanning the whole epoch, through {@link RoundFitter}), then evaluates on a validation
 * partition. With the same seed and batch size it takes exactly the steps of the parameter-averaging master with
 * one worker, so it ends with the same parameters.
 */
public final class LocalTrainer implements Serializable {
    private final RoundFitter fitter;
    private final MinibatchAssembler assembler;
    private final List<String> labels;

    public LocalTrainer(long seed, int batchSize, MinibatchAssembler assembler, List<String> labels) {
        this.fitter = new RoundFitter(new EpochPlan(seed, batchSize, Integer.MAX_VALUE), assembler);
        this.assembler = assembler;
        this.labels = List.copyOf(labels);
    }

    /** One epoch's training loss (mean per record) and validation report. */
    public record Epoch(int epoch, double trainLoss, EvaluationReport validation) {
    }

    /**
     * Trains epoch {@code epoch} (0-based) of {@code train} into {@code net} and evaluates on {@code validation}.
     * A non-finite training loss ends training with an {@link ArithmeticException}.
     */
    public Epoch epoch(NeuralNetwork net, PartitionData train, PartitionData validation, int epoch) {
        Networks.setCounters(net, Networks.iterationCount(net), epoch);
        RoundFitter.Fitted fitted = fitter.fitInPlace(net, train, epoch, 0);
        double loss = fitted.samples() == 0 ? 0 : fitted.lossSum() / fitted.samples();
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("training diverged: non-finite loss (" + loss + ") in epoch " + (epoch + 1));
        }
        EvaluationReport report = PartitionEvaluation.of(net, validation, assembler, labels)
            .report("validation", labels, Networks.numParams(net));
        return new Epoch(epoch + 1, loss, report);
    }
}
