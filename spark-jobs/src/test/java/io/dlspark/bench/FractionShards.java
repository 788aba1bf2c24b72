package io.dlspark.bench;

import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.ShardSetWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a copy of a local text shard set whose training split keeps only a {@link LabelFraction} of its records;
 * validation, test, the vectorisers and {@code vocab.txt} are copied unchanged, the manifest gets the new training
 * counts and checksums. Written beside the target, then renamed.
 */
final class FractionShards {
    private FractionShards() {
    }

    /** The subset of {@code full} at {@code fraction} with {@code seed}, written to {@code target}. */
    static void write(SparkSession spark, Path full, Path target, double fraction, long seed) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ShardManifest manifest = ManifestIo.read(hadoop(full), conf);
        Dataset<Row> train = spark.read().parquet(full.resolve(Split.TRAIN.dirName()).toString());
        List<LabelFraction.Labelled> records = new ArrayList<>();
        for (Row row : train.select(ShardColumns.RECORD_ID, ShardColumns.LABEL).collectAsList()) {
            records.add(new LabelFraction.Labelled(row.getString(0), row.getInt(1)));
        }
        TreeSet<String> kept = LabelFraction.select(records, fraction, seed);
        long[] perClass = new long[manifest.classCount()];
        records.stream().filter(r -> kept.contains(r.id())).forEach(r -> perClass[r.label()]++);

        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        copyAllBut(full, temporary, Split.TRAIN.dirName());
        Dataset<Row> ids = spark.createDataset(new ArrayList<>(kept), Encoders.STRING()).toDF(ShardColumns.RECORD_ID);
        ShardSetWriter.write(train.join(ids, train.col(ShardColumns.RECORD_ID).equalTo(ids.col(ShardColumns.RECORD_ID)),
            "left_semi").withColumn(ShardSetWriter.SPLIT_COLUMN, functions.lit(Split.TRAIN.dirName())), hadoop(temporary));
        Map<String, ShardManifest.SplitCounts> splits = new LinkedHashMap<>(manifest.splits());
        splits.put(Split.TRAIN.dirName(), new ShardManifest.SplitCounts(kept.size(), perClass));
        ShardManifest m = manifest;
        ManifestIo.write(new ShardManifest(m.schemaVersion(), m.dataset(), m.sources(), m.recordFormat(), m.shape(),
            m.labelNames(), m.seed(), m.validationFraction(), splits, ShardSetWriter.files(hadoop(temporary), conf),
            m.sourceChecksums(), m.badRecords(), m.createdAt(), m.codeVersion(), m.augmentation(), m.subset(),
            m.positiveLabel(), m.deduplication(), m.textFeatures(), m.scenes(), m.table()), hadoop(temporary), conf);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyAllBut(Path from, Path to, String skipped) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path relative = from.relativize(p);
                if (relative.getNameCount() > 0 && relative.getName(0).toString().equals(skipped)
                    || relative.toString().equals(ShardManifest.FILE_NAME)) {
                    continue;
                }
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
    }

    private static org.apache.hadoop.fs.Path hadoop(Path path) {
        return new org.apache.hadoop.fs.Path(path.toUri());
    }
}
