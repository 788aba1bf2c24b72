package io.dlspark.engine;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.eval.PartitionEvaluation;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.Iterator;
import java.util.List;

/**
 * Evaluates a network over cached partitions: each task evaluates its records ({@link PartitionEvaluation}); the
 * driver merges the partial evaluations.
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
        Broadcast<NetworkState> published = jsc.broadcast(state);
        JobDescription described = JobDescription.of(jsc.sc(), "dlspark evaluate " + split);
        try {
            boolean gpus = GpuPinning.requested(jsc.getConf());
            PartitionEvaluation total = data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
                    int device = GpuPinning.deviceOf(gpus);
                    NeuralNetwork net = NetworkPool.borrow(blueprint, device);
                    try {
                        published.value().applyTo(net);
                        return List.of(PartitionEvaluation.of(net, partition, assembler, labels, positiveClass)).iterator();
                    } finally {
                        NetworkPool.release(blueprint, device, net);
                    }
                }
            }).treeReduce(PartitionEvaluation::merge, 2);
            return total.report(split, labels, state.params().length, positiveClass);
        } finally {
            published.destroy();
            described.close();
        }
    }
}
