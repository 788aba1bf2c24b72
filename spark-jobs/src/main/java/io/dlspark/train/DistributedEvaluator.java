package io.dlspark.train;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;
import io.dlspark.core.eval.GroupTally;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluates a network over cached partitions: each task evaluates its records with DL4J's {@link Evaluation} and
 * sums the log loss; the driver merges the partial evaluations.
 */
public final class DistributedEvaluator {
    private static final int BATCH = 256;
    private static final double EPSILON = 1e-12;

    private final JavaSparkContext jsc;

    public DistributedEvaluator(JavaSparkContext jsc) {
        this.jsc = jsc;
    }

    public EvaluationReport evaluate(String split, TrainingData data, NetworkBlueprint blueprint, NetworkState state,
                                     MinibatchAssembler assembler, List<String> labels) {
        return evaluate(split, data, blueprint, state, assembler, labels, -1);
    }

    /**
     * Evaluates {@code data}; with a {@code positiveClass} (not -1) adds its binary metrics and ROC AUC, and with
     * record groups the per-group rows.
     */
    public EvaluationReport evaluate(String split, TrainingData data, NetworkBlueprint blueprint, NetworkState state,
                                     MinibatchAssembler assembler, List<String> labels, int positiveClass) {
        Broadcast<NetworkState> published = jsc.broadcast(state);
        jsc.setJobDescription("dlspark evaluate " + split);
        try {
            Partial total = data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                NeuralNetwork net = NetworkPool.borrow(blueprint);
                try {
                    published.value().applyTo(net);
                    return List.of(evaluatePartition(net, partition, assembler, labels, positiveClass)).iterator();
                } finally {
                    NetworkPool.release(blueprint, net);
                }
            }).treeReduce(Partial::merge, 2);
            return EvaluationReport.of(split, total.evaluation, total.logLoss, labels, state.params().length, positiveClass,
                total.roc, total.groups);
        } finally {
            published.destroy();
            jsc.setJobDescription(null);
        }
    }

    private static Partial evaluatePartition(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler,
                                             List<String> labels, int positiveClass) {
        Evaluation evaluation = new Evaluation(labels);
        ROC roc = new ROC(0);
        GroupTally groups = new GroupTally(labels.size());
        double logLoss = 0;
        int[] order = new int[partition.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int from = 0; from < partition.size(); from += BATCH) {
            DataSet batch = assembler.assemble(partition, order, from, Math.min(from + BATCH, partition.size()));
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
        return new Partial(evaluation, logLoss, roc, groups);
    }

    /** A partition's evaluation, summed log loss, positive-class ROC and per-group counts. */
    private static final class Partial implements Serializable {
        private final Evaluation evaluation;
        private double logLoss;
        private final ROC roc;
        private final GroupTally groups;

        Partial(Evaluation evaluation, double logLoss, ROC roc, GroupTally groups) {
            this.evaluation = evaluation;
            this.logLoss = logLoss;
            this.roc = roc;
            this.groups = groups;
        }

        Partial merge(Partial other) {
            evaluation.merge(other.evaluation);
            logLoss += other.logLoss;
            roc.merge(other.roc);
            groups.merge(other.groups);
            return this;
        }
    }
}
