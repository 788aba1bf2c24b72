package io.dlspark.engine;

import io.dlspark.core.model.transformer.MaskedLmScoring;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * A masked language model's loss (mean cross-entropy per predicted token) and masked-token accuracy over a split,
 * each task over its cached partition; the split is masked as for epoch 0, so every epoch is scored on the same
 * masked positions.
 */
public final class MaskedLmEvaluator {
    private static final int BATCH = 64;

    private MaskedLmEvaluator() {
    }

    /** What the evaluation found: the mean loss per predicted token, the share predicted right, and how many there were. */
    public record Scores(double loss, double accuracy, long predicted) implements Serializable {
    }

    public static Scores evaluate(JavaSparkContext jsc, String split, TrainingData data, NetworkBlueprint blueprint,
                                  NetworkState state, MinibatchAssembler assembler) {
        Broadcast<NetworkState> published = jsc.broadcast(state);
        JobDescription described = JobDescription.of(jsc.sc(), "dlspark masked-token scores " + split);
        boolean gpus = GpuPinning.requested(jsc.getConf());
        try {
            double[] sums = data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                double[] partial = NetworkPool.<double[], RuntimeException>withTrainable(blueprint, gpus, 1, trainable -> {
                    trainable.apply(published.value());
                    return sums(trainable.probedNetwork(), partition, assembler);
                });
                return List.of(partial).iterator();
            }).treeReduce(MaskedLmEvaluator::add, 2);
            return new Scores(sums[0] / Math.max(1, sums[2]), sums[1] / Math.max(1, sums[2]), (long) sums[2]);
        } finally {
            published.destroy();
            described.close();
        }
    }

    /**
     * Summed loss, right predictions and predicted tokens of one partition, scored at the predicted positions only
     * ({@link MaskedLmScoring}).
     */
    static double[] sums(NeuralNetwork net, PartitionData partition, MinibatchAssembler assembler) {
        int[] order = new int[partition.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        MaskedLmScoring.Sums sums = new MaskedLmScoring.Sums(0, 0, 0);
        for (int from = 0; from < partition.size(); from += BATCH) {
            int to = Math.min(from + BATCH, partition.size());
            DataSet batch = assembler.assemble(partition, order, from, to, 0);
            sums = sums.plus(MaskedLmScoring.score((ComputationGraph) net, batch.getFeatures(), batch.getLabels()));
        }
        return new double[] {sums.loss(), sums.right(), sums.predicted()};
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
