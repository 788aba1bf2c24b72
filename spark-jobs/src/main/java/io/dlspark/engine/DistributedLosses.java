package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.InferenceBatch;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * A trainable's losses over a split, without updates, each task over its cached partition in minibatches; for a VAE
 * the negative ELBO with one posterior sample per image, drawn from {@code seed}.
 */
public final class DistributedLosses {

    private DistributedLosses() {
    }

    /** The mean of each loss per record, in the order of the trainable's loss names. */
    public static double[] mean(JavaSparkContext jsc, String split, TrainingData data, TrainableBlueprint blueprint,
                         NetworkState state, MinibatchAssembler assembler, long seed) {
        Broadcast<NetworkState> published = jsc.broadcast(state);
        JobDescription described = JobDescription.of(jsc.sc(), "dlspark losses " + split);
        boolean gpus = GpuPinning.requested(jsc.getConf());
        try {
            Sums total = data.partitions().mapPartitions((Iterator<PartitionData> it) -> {
                PartitionData partition = it.next();
                try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
                    int device = GpuPinning.deviceOf(gpus);
                    Trainable trainable = NetworkPool.borrowTrainable(blueprint, device, 1);
                    try {
                        trainable.apply(published.value());
                        return List.of(sums(trainable, partition, assembler, seed)).iterator();
                    } finally {
                        NetworkPool.release(blueprint, device, trainable);
                    }
                }
            }).treeReduce(Sums::merge, 2);
            double[] mean = total.sums.clone();
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= Math.max(1, total.count);
            }
            return mean;
        } finally {
            published.destroy();
            described.close();
        }
    }

    private static Sums sums(Trainable trainable, PartitionData partition, MinibatchAssembler assembler, long seed) {
        double[] sums = new double[trainable.lossNames().size()];
        int[] order = new int[partition.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int perPass = InferenceBatch.rows(partition.features());
        for (int from = 0; from < partition.size(); from += perPass) {
            int to = Math.min(from + perPass, partition.size());
            DataSet batch = assembler.assemble(partition, order, from, to);
            double[] losses = trainable.losses(batch, seed ^ ((long) partition.worker() << 32) ^ from);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += losses[i] * (to - from);
            }
        }
        return new Sums(sums, partition.size());
    }

    private static final class Sums implements Serializable {
        private final double[] sums;
        private long count;

        Sums(double[] sums, long count) {
            this.sums = sums;
            this.count = count;
        }

        Sums merge(Sums other) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += other.sums[i];
            }
            count += other.count;
            return this;
        }
    }
}
