package io.dlspark.jobs.tune;

import io.dlspark.core.DataException;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.TrainingData;
import io.dlspark.shards.ShardVerifier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training and validation records of a shard set packed into one {@link PartitionData} each, with the
 * minibatch assembler and label names: what every parallel trial trains and validates on, broadcast once.
 */
public record TrialData(PartitionData train, PartitionData validation, MinibatchAssembler assembler,
                        List<String> labels) implements Serializable {

    /**
     * Loads both splits (records ordered by id, as the training master's single-worker layout), keeping a seeded
     * subset of {@code maxTrainRecords} training records when that is smaller than the split (0 = all).
     */
    public static TrialData load(SparkSession spark, Path root, ShardManifest manifest, long seed, int maxTrainRecords,
                                 boolean convolutional) {
        if (manifest.count(Split.VALIDATION) == 0) {
            throw new DataException("--data " + root + ": tuning needs a validation split, and the shard set has none");
        }
        PartitionData train = single(spark, root, Split.TRAIN, seed, manifest);
        PartitionData validation = single(spark, root, Split.VALIDATION, seed, manifest);
        if (maxTrainRecords > 0 && maxTrainRecords < train.size()) {
            train = subset(train, maxTrainRecords, seed);
        }
        return new TrialData(train, validation,
            new MinibatchAssembler(manifest.shape(), manifest.classCount(), convolutional), manifest.labelNames());
    }

    private static PartitionData single(SparkSession spark, Path root, Split split, long seed, ShardManifest manifest) {
        try {
            ShardVerifier.verify(manifest, root, split, spark.sparkContext().hadoopConfiguration());
        } catch (java.io.IOException e) {
            throw new DataException("--data " + root + ": cannot read the " + split.dirName() + " shards: " + e.getMessage(), e);
        }
        TrainingData data = TrainingData.load(spark.read().parquet(new Path(root, split.dirName()).toString()), 1, seed,
            manifest.shape().size());
        try {
            PartitionData packed = data.partitions().collect().get(0);
            if (packed.size() != manifest.count(split)) {
                throw new DataException("--data " + root + ": the " + split.dirName() + " shards hold " + packed.size()
                    + " records but the manifest says " + manifest.count(split));
            }
            return packed;
        } finally {
            data.release();
        }
    }

    /** {@code n} records chosen by a seeded shuffle, kept in their original order. */
    static PartitionData subset(PartitionData all, int n, long seed) {
        int[] index = new int[all.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(index.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = Arrays.copyOf(index, n);
        Arrays.sort(chosen);
        int size = all.recordSize();
        byte[] pixels = new byte[n * size];
        int[] labels = new int[n];
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(all.pixels(), chosen[k] * size, pixels, k * size, size);
            labels[k] = all.labels()[chosen[k]];
            keys[k] = all.recordKeys()[chosen[k]];
        }
        return new PartitionData(0, pixels, labels, keys, size, all.float32());
    }
}
