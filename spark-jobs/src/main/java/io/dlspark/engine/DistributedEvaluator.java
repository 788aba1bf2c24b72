package io.dlspark.engine;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.eval.PartitionEvaluation;
import io.dlspark.core.eval.RegressionSums;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluates a network over cached partitions: each task evaluates its records ({@link PartitionEvaluation}, or
 * {@link RegressionSums} for a regressor); the driver merges the partial evaluations.
 */
public final class DistributedEvaluator {
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
        PartitionEvaluation total = reduce(split, data, blueprint, state,
            (net, partition) -> PartitionEvaluation.of(net, partition, assembler, labels, positiveClass),
            PartitionEvaluation::merge);
        return total.report(split, labels, state.params().length, positiveClass);
    }

    /** The regression sums of a one-output network over {@code data} (targets as {@code assembler} gives them). */
    public RegressionSums regression(String split, TrainingData data, NetworkBlueprint blueprint, NetworkState state,
                                     MinibatchAssembler assembler) {
        return regression(split, data, blueprint, state, assembler, 1, 0);
    }

    /** As {@link #regression(String, TrainingData, NetworkBlueprint, NetworkState, MinibatchAssembler)}, each output o predicting {@code scale * o + shift}. */
    public RegressionSums regression(String split, TrainingData data, NetworkBlueprint blueprint, NetworkState state,
                                     MinibatchAssembler assembler, double scale, double shift) {
        return reduce(split, data, blueprint, state,
            (net, partition) -> RegressionSums.of(net, partition, assembler, scale, shift), RegressionSums::merge);
    }

    /** What a task computes from its partition with the evaluated network. */
    private interface PartitionResult<T> extends Serializable {
        T of(NeuralNetwork net, PartitionData partition);
    }

    /** Each task's result on its partition, on a pooled network holding {@code state}, merged by a tree reduce. */
    private <T> T reduce(String split, TrainingData data, NetworkBlueprint blueprint, NetworkState state,
                         PartitionResult<T> result, Function2<T, T, T> merge) {
        Broadcast<NetworkState> published = jsc.broadcast(state);
        JobDescription described = JobDescription.of(jsc.sc(), "dlspark evaluate " + split);
        try {
            boolean gpus = GpuPinning.requested(jsc.getConf());
            return data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
                    int device = GpuPinning.deviceOf(gpus);
                    NeuralNetwork net = NetworkPool.borrow(blueprint, device);
                    try {
                        published.value().applyTo(net);
                        return List.of(result.of(net, partition)).iterator();
                    } finally {
                        NetworkPool.release(blueprint, device, net);
                    }
                }
            }).treeReduce(merge, 2);
        } finally {
            published.destroy();
            described.close();
        }
    }
}
