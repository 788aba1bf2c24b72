package io.dlspark.shards;

import io.dlspark.core.DataException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest.ShardFile;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the Parquet shards of a shard set, for every job that makes one ({@code ingest}, {@code augment}): all
 * splits in one Spark job, each task's rows in their order into {@code train/}, {@code validation/} and
 * {@code test/} under the (temporary) root; then lists the written files with their checksums for the manifest.
 */
public final class ShardSetWriter {
    /** Records per shard file when a job is not told the number of shards. */
    public static final int RECORDS_PER_SHARD = 10_000;

    /** The column of the rows given to {@link #write(Dataset, Path)} naming each row's split folder. */
    public static final String SPLIT_COLUMN = ShardSchemas.SPLIT;

    private ShardSetWriter() {
    }

    /** Shard files for {@code records} records: one per {@link #RECORDS_PER_SHARD}, at least one. */
    public static int shardsFor(long records) {
        return (int) Math.max(1, (records + RECORDS_PER_SHARD - 1) / RECORDS_PER_SHARD);
    }

    /** The schema of the rows given to {@link #write}: the shard columns of {@code format}, then the split. */
    public static StructType schema(RecordFormat format) {
        return ShardSchemas.schemaWithSplit(format);
    }

    /** A row of {@link #schema}; {@code payload} is the pixels ({@code byte[]}) or the text. */
    public static Row row(String recordId, int label, Object payload, String source, Split split) {
        return RowFactory.create(recordId, label, payload, source, split.dirName());
    }

    /** A text row of {@link #schema}, with the record's group (null when the data has none). */
    public static Row textRow(String recordId, int label, String text, String source, String group, Split split) {
        return RowFactory.create(recordId, label, text, source, group, split.dirName());
    }

    /**
     * Shard files of one split with {@code records} records: {@code trainShards} for the train split; for the others
     * the same share of their records (at least one, at most one per record), but never more than the train split's
     * shards or {@link #shardsFor} their own size, whichever is larger (a one-scene train split once gave a
     * 1,000-scene test split 1,000 files).
     */
    public static int shardsOf(Split split, long records, long trainRecords, int trainShards) {
        int n = split == Split.TRAIN ? trainShards
            : (int) Math.min(Math.max(trainShards, shardsFor(records)),
                Math.max(1, Math.round((double) trainShards * records / Math.max(1, trainRecords))));
        return (int) Math.min(n, records);
    }

    /**
     * Writes {@code rows} (of {@link #schema}) under {@code root}: one Parquet file per task and split, the task's rows
     * in order. Only splits that have rows get a folder.
     */
    public static void write(SparkSession spark, JavaRDD<Row> rows, RecordFormat format, Path root) throws IOException {
        write(spark.createDataFrame(rows, schema(format)), root);
    }

    /**
     * Writes {@code rows} (shard columns, then the {@link #SPLIT_COLUMN}) under {@code root}: one Parquet file per task
     * and split, the task's rows in order. Only splits that have rows get a folder.
     */
    public static void write(Dataset<Row> rows, Path root) throws IOException {
        Path staging = new Path(root, "_staging");
        ShardSchemas.writer(rows)
            .partitionBy(ShardSchemas.SPLIT)
            .parquet(staging.toString());
        Configuration conf = rows.sparkSession().sparkContext().hadoopConfiguration();
        FileSystem fs = HadoopFiles.fs(root, conf);
        for (Split split : Split.values()) {
            Path written = new Path(staging, ShardSchemas.SPLIT + "=" + split.dirName());
            if (fs.exists(written) && !fs.rename(written, new Path(root, split.dirName()))) {
                throw new DataException("cannot rename " + written + " to " + split.dirName());
            }
        }
        fs.delete(staging, true);
    }

    /** The Parquet files under {@code root}, split by split in name order, with sizes and SHA-256. */
    public static List<ShardFile> files(Path root, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fs(root, conf);
        List<ShardFile> files = new ArrayList<>();
        for (Split split : Split.values()) {
            Path dir = new Path(root, split.dirName());
            if (!fs.exists(dir)) {
                continue;
            }
            FileStatus[] parts = fs.listStatus(dir, p -> p.getName().endsWith(".parquet"));
            Arrays.sort(parts);
            for (FileStatus part : parts) {
                files.add(new ShardFile(split.dirName() + "/" + part.getPath().getName(), part.getLen(),
                    HadoopFiles.sha256(part.getPath(), conf)));
            }
        }
        return files;
    }
}
