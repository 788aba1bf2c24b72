package io.dlspark.bench;

import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.shards.ShardVerifier;
import io.dlspark.spark.SparkTestSession;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A label-fraction copy of a text shard set: the chosen training records, everything else as it was, verifiable. */
class FractionShardsTest {
    @Test
    void theTrainingSplitKeepsTheSelectedRecordsAndTheRestIsUnchanged(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        for (int i = 0; i < 60; i++) {
            String topic = i % 3 == 0 ? "animals" : "politics";
            Path file = dir.resolve("texts").resolve(topic).resolve("t" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, topic + " text number " + i + " about " + topic);
        }
        Path full = dir.resolve("full");
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_FOLDER, dir.resolve("texts").toString(),
            full.toString(), new IngestOptions(0.2, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
        Files.writeString(full.resolve("vocab.txt"), "[PAD]\n[UNK]\n");
        Path part = dir.resolve("part");
        FractionShards.write(spark, full, part, 0.25, 5);

        ShardManifest before = ManifestIo.read(new org.apache.hadoop.fs.Path(full.toUri()), conf);
        ShardManifest after = ManifestIo.read(new org.apache.hadoop.fs.Path(part.toUri()), conf);
        for (Split split : Split.values()) {
            ShardVerifier.verify(after, new org.apache.hadoop.fs.Path(part.toUri()), split, conf);
        }
        List<LabelFraction.Labelled> records = spark.read().parquet(full.resolve("train").toString())
            .select(ShardColumns.RECORD_ID, ShardColumns.LABEL).collectAsList().stream()
            .map(r -> new LabelFraction.Labelled(r.getString(0), r.getInt(1))).toList();
        TreeSet<String> expected = LabelFraction.select(records, 0.25, 5);
        TreeSet<String> written = new TreeSet<>(spark.read().parquet(part.resolve("train").toString())
            .select(ShardColumns.RECORD_ID).collectAsList().stream().map(r -> r.getString(0)).toList());
        assertEquals(expected, written);
        assertEquals(written.size(), after.count(Split.TRAIN));
        long[] perClass = new long[2];
        records.stream().filter(r -> expected.contains(r.id())).forEach(r -> perClass[r.label()]++);
        assertArrayEquals(perClass, after.splits().get("train").perClass());
        assertTrue(perClass[0] > 0 && perClass[1] > 0);
        assertEquals(before.count(Split.VALIDATION), after.count(Split.VALIDATION));
        assertEquals(before.count(Split.TEST), after.count(Split.TEST));
        assertEquals(before.textFeatures(), after.textFeatures());
        assertEquals(Files.readString(full.resolve("vocab.txt")), Files.readString(part.resolve("vocab.txt")));
        assertTrue(before.count(Split.VALIDATION) > 0);
        List<Row> held = spark.read().parquet(part.resolve("validation").toString()).collectAsList();
        assertEquals(spark.read().parquet(full.resolve("validation").toString()).collectAsList(), held);
        assertFalse(Files.exists(dir.resolve("part.tmp")), "written beside the target, then renamed");
    }
}
