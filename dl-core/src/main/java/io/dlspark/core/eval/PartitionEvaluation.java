package io.dlspark.core.eval;

import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's evaluation with DL4J's {@link Evaluation} and its summed log loss; partial results of several
 * partitions merge in any order. The distributed evaluator and the single-machine trial trainer both use it.
 */
public final class PartitionEvaluation implements Serializable {
    private static final int BATCH = 256;
    private static final double EPSILON = 1e-12;

    private final Evaluation evaluation;
    private double logLoss;

    private PartitionEvaluation(Evaluation evaluation, double logLoss) {
        this.evaluation = evaluation;
        this.logLoss = logLoss;
    }

    /** Evaluates {@code net} on every record of {@code partition}. */
    public static PartitionEvaluation of(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler,
                                         List<String> labels) {
        Evaluation evaluation = new Evaluation(labels);
        double logLoss = 0;
        int[] order = new int[partition.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int from = 0; from < partition.size(); from += BATCH) {
            DataSet batch = assembler.assemble(partition, order, from, Math.min(from + BATCH, partition.size()));
            INDArray output = Networks.output(net, batch.getFeatures());
            evaluation.eval(batch.getLabels(), output);
            INDArray trueProbability = output.mul(batch.getLabels()).sum(1);
            logLoss -= Transforms.log(Transforms.max(trueProbability, EPSILON), false).sumNumber().doubleValue();
        }
        return new PartitionEvaluation(evaluation, logLoss);
    }

    /** Adds {@code other} into this one and returns this. */
    public PartitionEvaluation merge(PartitionEvaluation other) {
        evaluation.merge(other.evaluation);
        logLoss += other.logLoss;
        return this;
    }

    public EvaluationReport report(String split, List<String> labels, long parameters) {
        return EvaluationReport.of(split, evaluation, logLoss, labels, parameters);
    }
}
