package io.dlspark.core.eval;

import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.InferenceBatch;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's evaluation with DL4J's {@link Evaluation}, its summed log loss, the positive class's ROC (binary
 * tasks) and per-group counts (records with groups); partial results of several partitions merge in any order. The
 * distributed evaluator and the single-machine trial trainer both use it.
 */
public final class PartitionEvaluation implements Serializable {
    private static final double EPSILON = 1e-12;

    private final Evaluation evaluation;
    private double logLoss;
    private final ROC roc;
    private final GroupTally groups;

    private PartitionEvaluation(Evaluation evaluation, double logLoss, ROC roc, GroupTally groups) {
        this.evaluation = evaluation;
        this.logLoss = logLoss;
        this.roc = roc;
        this.groups = groups;
    }

    /** Evaluates {@code net} on every record of {@code partition}. */
    public static PartitionEvaluation of(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler,
                                         List<String> labels) {
        return of(net, partition, assembler, labels, -1);
    }

    /**
     * Evaluates {@code net} on every record of {@code partition}; with a {@code positiveClass} (not -1) also tallies
     * its ROC, and with record groups the per-group counts.
     */
    public static PartitionEvaluation of(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler,
                                         List<String> labels, int positiveClass) {
        Evaluation evaluation = new Evaluation(labels);
        ROC roc = new ROC(0);
        GroupTally groups = new GroupTally(labels.size());
        double logLoss = 0;
        int[] order = new int[partition.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int perPass = InferenceBatch.rows(partition.features());
        for (int from = 0; from < partition.size(); from += perPass) {
            DataSet batch = assembler.assemble(partition, order, from, Math.min(from + perPass, partition.size()));
            INDArray output = Networks.output(net, batch.getFeatures());
            evaluation.eval(batch.getLabels(), output);
            if (positiveClass >= 0) {
                roc.eval(batch.getLabels().getColumn(positiveClass, true), output.getColumn(positiveClass, true));
            }
            if (partition.groups() != null) {
                int[] actual = batch.getLabels().argMax(1).toIntVector();
                int[] predicted = output.argMax(1).toIntVector();
                for (int k = 0; k < actual.length; k++) {
                    groups.add(partition.groups()[order[from + k]], actual[k], predicted[k]);
                }
            }
            INDArray trueProbability = output.mul(batch.getLabels()).sum(1);
            logLoss -= Transforms.log(Transforms.max(trueProbability, EPSILON), false).sumNumber().doubleValue();
        }
        return new PartitionEvaluation(evaluation, logLoss, roc, groups);
    }

    /** Adds {@code other} into this one and returns this. */
    public PartitionEvaluation merge(PartitionEvaluation other) {
        evaluation.merge(other.evaluation);
        logLoss += other.logLoss;
        roc.merge(other.roc);
        groups.merge(other.groups);
        return this;
    }

    public EvaluationReport report(String split, List<String> labels, long parameters) {
        return report(split, labels, parameters, -1);
    }

    /** The report, with binary metrics and ROC AUC for a {@code positiveClass} (not -1) and the per-group rows. */
    public EvaluationReport report(String split, List<String> labels, long parameters, int positiveClass) {
        return EvaluationReport.of(split, evaluation, logLoss, labels, parameters, positiveClass,
            positiveClass >= 0 ? roc : null, groups);
    }
}
