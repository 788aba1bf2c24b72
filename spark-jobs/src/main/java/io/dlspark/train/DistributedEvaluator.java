package io.dlspark.train;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.evaluation.classification.Evaluation;
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
        Broadcast<NetworkState> published = jsc.broadcast(state);
        jsc.setJobDescription("dlspark evaluate " + split);
        try {
            boolean gpus = GpuPinning.requested(jsc.getConf());
            Partial total = data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
                    int device = GpuPinning.deviceOf(gpus);
                    NeuralNetwork net = NetworkPool.borrow(blueprint, device);
                    try {
                        published.value().applyTo(net);
                        return List.of(evaluatePartition(net, partition, assembler, labels)).iterator();
                    } finally {
                        NetworkPool.release(blueprint, device, net);
                    }
                }
            }).treeReduce(Partial::merge, 2);
            return EvaluationReport.of(split, total.evaluation, total.logLoss, labels, state.params().length);
        } finally {
            published.destroy();
            jsc.setJobDescription(null);
        }
    }

    private static Partial evaluatePartition(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler,
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
        return new Partial(evaluation, logLoss);
    }

    /** A partition's evaluation and summed log loss. */
    private static final class Partial implements Serializable {
        private final Evaluation evaluation;
        private double logLoss;

        Partial(Evaluation evaluation, double logLoss) {
            this.evaluation = evaluation;
            this.logLoss = logLoss;
        }

        Partial merge(Partial other) {
            evaluation.merge(other.evaluation);
            logLoss += other.logLoss;
            return this;
        }
    }
}
