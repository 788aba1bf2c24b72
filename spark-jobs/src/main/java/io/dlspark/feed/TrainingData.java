package io.dlspark.feed;

import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.train.PartitionData;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * A split's records spread over exactly {@code workers} cached partitions by a seeded hash of their record ids and
 * sorted by id, so the layout is the same whatever the files or executors; keys seed online augmentation.
 */
public final class TrainingData {
    /** The optional column of instance weights (float; training rows only) that rows given to {@link #load} may have. */
    public static final String WEIGHT = "weight";
    private final JavaRDD<PartitionData> partitions;
    private final int[] sizes;

    private TrainingData(JavaRDD<PartitionData> partitions, int[] sizes) {
        this.partitions = partitions;
        this.sizes = sizes;
    }

    /**
     * Loads image shards, or feature shards ({@link ShardColumns#FEATURES}, float32 vectors) when the shards have that
     * column; {@code recordSize} is the manifest shape's size: bytes per image, values per feature vector. Records
     * without a label (no label column, or null) get label -1, for unsupervised training.
     */
    public static TrainingData load(Dataset<Row> shards, int workers, long seed, int recordSize) {
        boolean float32 = Arrays.asList(shards.columns()).contains(ShardColumns.FEATURES);
        return load(shards.select(functions.col(ShardColumns.RECORD_ID), label(shards),
                functions.col(float32 ? ShardColumns.FEATURES : ShardColumns.PIXELS)), workers, seed,
            float32 ? new Float32Codec(recordSize) : new PixelCodec(recordSize));
    }

    /** The shards' label column, or null labels when they have none (unlabelled data). */
    static Column label(Dataset<Row> shards) {
        return Arrays.asList(shards.columns()).contains(ShardColumns.LABEL)
            ? functions.col(ShardColumns.LABEL) : functions.lit(null).cast(DataTypes.IntegerType).as(ShardColumns.LABEL);
    }

    /**
     * Rows of {@code record_id, label, <features>} and optionally {@code group} and {@link #WEIGHT} (found by name):
     * each worker's features packed by {@code codec}, with labels (-1 where null), record keys, groups and weights. A
     * float label column holds regression targets: the records get label -1 and those targets.
     */
    public static TrainingData load(Dataset<Row> rows, int workers, long seed, FeatureCodec codec) {
        List<String> names = Arrays.asList(rows.columns());
        int group = names.indexOf(ShardColumns.GROUP);
        int weight = names.indexOf(WEIGHT);
        boolean targets = rows.schema().fields()[1].dataType().equals(DataTypes.FloatType);
        JavaPairRDD<Integer, Entry> keyed = rows.javaRDD().mapToPair(row -> {
            String id = row.getString(0);
            int label = row.isNullAt(1) || targets ? -1 : row.getInt(1);
            float target = targets && !row.isNullAt(1) ? row.getFloat(1) : Float.NaN;
            return new Tuple2<>(workerOf(id, seed, workers), new Entry(id, label, target, codec.read(row, 2),
                group >= 0 ? row.getString(group) : null, weight >= 0 ? row.getFloat(weight) : 1f));
        });
        JavaRDD<PartitionData> packed = keyed.partitionBy(new ExactPartitioner(workers))
            .mapPartitionsWithIndex((index, it) -> List.of(pack(index, it, codec, targets, weight >= 0)).iterator(), true)
            .persist(StorageLevel.MEMORY_AND_DISK());
        int[] sizes = packed.map(PartitionData::size).collect().stream().mapToInt(Integer::intValue).toArray();
        return new TrainingData(packed, sizes);
    }

    /** One record on its way to a worker. */
    private record Entry(String id, int label, float target, Serializable features, String group, float weight)
        implements Serializable {
    }

    public JavaRDD<PartitionData> partitions() {
        return partitions;
    }

    /** Records per worker. */
    public int[] sizes() {
        return sizes.clone();
    }

    public long records() {
        long total = 0;
        for (int size : sizes) {
            total += size;
        }
        return total;
    }

    public void release() {
        partitions.unpersist(false);
    }

    public static int workerOf(String recordId, long seed, int workers) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < recordId.length(); i++) {
            h = (h ^ recordId.charAt(i)) * 0x100000001B3L;
        }
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) workers);
    }

    private static PartitionData pack(int worker, Iterator<Tuple2<Integer, Entry>> it, FeatureCodec codec,
                                      boolean withTargets, boolean withWeights) {
        List<Entry> records = new ArrayList<>();
        it.forEachRemaining(t -> records.add(t._2()));
        records.sort(Comparator.comparing(Entry::id));
        float[] targets = withTargets ? new float[records.size()] : null;
        float[] weights = withWeights ? new float[records.size()] : null;
        int[] labels = new int[records.size()];
        long[] keys = new long[records.size()];
        String[] groups = new String[records.size()];
        boolean anyGroup = false;
        for (int i = 0; i < records.size(); i++) {
            labels[i] = records.get(i).label();
            if (targets != null) {
                targets[i] = records.get(i).target();
            }
            if (weights != null) {
                weights[i] = records.get(i).weight();
            }
            keys[i] = RecordSeeds.recordKey(records.get(i).id());
            groups[i] = records.get(i).group();
            anyGroup |= groups[i] != null;
        }
        return new PartitionData(worker, codec.pack(records.stream().map(Entry::id).toList(),
            records.stream().map(Entry::features).toList()), labels, keys, anyGroup ? groups : null, targets, weights);
    }

    /** Sends key {@code k} to partition {@code k}. */
    private static final class ExactPartitioner extends Partitioner {
        private final int partitions;

        ExactPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ExactPartitioner p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
