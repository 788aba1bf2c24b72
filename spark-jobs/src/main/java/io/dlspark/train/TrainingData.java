package io.dlspark.train;

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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * A split's records spread over exactly {@code workers} partitions, each packed into one cached {@link PartitionData}.
 * A record's worker follows from a seeded hash of its record id, and records inside a partition are sorted by id,
 * so the layout is the same whatever the shard files, executors or arrival order. Each record keeps its
 * {@link RecordSeeds#recordKey}, which seeds online augmentation.
 */
public final class TrainingData {
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
        Column label = Arrays.asList(shards.columns()).contains(ShardColumns.LABEL)
            ? functions.col(ShardColumns.LABEL) : functions.lit(null).cast(DataTypes.IntegerType);
        JavaPairRDD<Integer, Tuple2<String, Tuple2<Integer, byte[]>>> keyed = shards
            .select(functions.col(ShardColumns.RECORD_ID), label,
                functions.col(float32 ? ShardColumns.FEATURES : ShardColumns.PIXELS))
            .javaRDD()
            .mapToPair(row -> {
                String id = row.getString(0);
                byte[] payload = float32 ? floatBytes(row.<Float>getList(2)) : (byte[]) row.get(2);
                return new Tuple2<>(workerOf(id, seed, workers),
                    new Tuple2<>(id, new Tuple2<>(row.isNullAt(1) ? -1 : row.getInt(1), payload)));
            });
        int bytesPerRecord = float32 ? Float.BYTES * recordSize : recordSize;
        JavaRDD<PartitionData> packed = keyed.partitionBy(new ExactPartitioner(workers))
            .mapPartitionsWithIndex((index, it) -> List.of(pack(index, it, bytesPerRecord, float32)).iterator(), true)
            .persist(StorageLevel.MEMORY_AND_DISK());
        int[] sizes = packed.map(PartitionData::size).collect().stream().mapToInt(Integer::intValue).toArray();
        return new TrainingData(packed, sizes);
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

    static int workerOf(String recordId, long seed, int workers) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < recordId.length(); i++) {
            h = (h ^ recordId.charAt(i)) * 0x100000001B3L;
        }
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) workers);
    }

    private static byte[] floatBytes(List<Float> values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.size() * Float.BYTES);
        values.forEach(bytes::putFloat);
        return bytes.array();
    }

    private static PartitionData pack(int worker, Iterator<Tuple2<Integer, Tuple2<String, Tuple2<Integer, byte[]>>>> it,
                                      int recordSize, boolean float32) {
        List<Tuple2<String, Tuple2<Integer, byte[]>>> records = new ArrayList<>();
        it.forEachRemaining(t -> records.add(t._2()));
        records.sort(Comparator.comparing(Tuple2::_1));
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(records.size() * recordSize);
        int[] labels = new int[records.size()];
        long[] keys = new long[records.size()];
        for (int i = 0; i < records.size(); i++) {
            byte[] p = records.get(i)._2()._2();
            if (p.length != recordSize) {
                throw new IllegalStateException("record " + records.get(i)._1() + " has " + p.length
                    + (float32 ? " feature bytes" : " pixel bytes") + ", the manifest's shape needs " + recordSize);
            }
            pixels.writeBytes(p);
            labels[i] = records.get(i)._2()._1();
            keys[i] = RecordSeeds.recordKey(records.get(i)._1());
        }
        return new PartitionData(worker, pixels.toByteArray(), labels, keys, recordSize, float32);
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
