package io.dlspark.jobs.ingest;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.IdxFile;
import io.dlspark.core.data.IdxReader;
import io.dlspark.core.detect.IdxObjectSource;
import io.dlspark.core.detect.ObjectSource;
import io.dlspark.core.detect.Scene;
import io.dlspark.core.detect.SceneGenerator;
import io.dlspark.core.detect.SceneSettings;
import io.dlspark.core.detect.SceneSplits;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.shards.DetectionRows;
import io.dlspark.spark.SparkTestSession;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SceneIngestJobTest {
    private static final Map<Split, Long> COUNTS = Map.of(Split.TRAIN, 24L, Split.VALIDATION, 6L, Split.TEST, 6L);
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        IdxFixtures.writeMnistLike(shared.resolve("fm"), 200, 50, 11);
    }

    private IngestResult ingest(java.nio.file.Path output, Integer partitions, Map<Split, Long> counts)
        throws IOException {
        return new SceneIngestJob(spark).run(new SceneIngestJob.Request(shared.resolve("fm").toUri().toString(),
            output.toUri().toString(), 9, 0.1, SceneSettings.defaults(), counts, partitions, false));
    }

    private List<Row> rows(java.nio.file.Path root, Split split) {
        return spark.read().parquet(root.resolve(split.dirName()).toString()).collectAsList().stream()
            .sorted(Comparator.comparing(r -> r.<String>getAs(ShardColumns.RECORD_ID))).toList();
    }

    @Test
    void writesScenesWithBoxesAndAManifestThatRecordsTheGenerator() throws IOException {
        ingest(dir.resolve("out"), 3, COUNTS);
        ShardManifest manifest = ManifestIo.read(new Path(dir.resolve("out").toUri()),
            spark.sparkContext().hadoopConfiguration());
        assertEquals(RecordFormat.DETECTION_UINT8_HWC, manifest.recordFormat());
        assertEquals("96x96x1", manifest.shape().toString());
        assertEquals(List.of(24L, 6L, 6L), List.of(manifest.count(Split.TRAIN), manifest.count(Split.VALIDATION),
            manifest.count(Split.TEST)));
        assertEquals(SceneSettings.defaults(), manifest.scenes().settings());
        assertEquals(9, manifest.scenes().seed());
        assertEquals(List.of(0, 180), List.of(manifest.scenes().objects().get("train").from(),
            manifest.scenes().objects().get("train").to()));
        assertEquals(List.of(180, 200), List.of(manifest.scenes().objects().get("validation").from(),
            manifest.scenes().objects().get("validation").to()));
        assertTrue(manifest.scenes().objects().get("test").images().endsWith("t10k-images-idx3-ubyte.gz"));
        assertEquals(4, manifest.sourceChecksums().size());

        List<Row> train = rows(dir.resolve("out"), Split.TRAIN);
        assertEquals(24, train.size());
        long objects = 0;
        for (Row row : train) {
            int count = row.getList(row.fieldIndex(ShardColumns.CLASSES)).size();
            assertTrue(count >= 1 && count <= 5);
            assertEquals(4 * count, row.getList(row.fieldIndex(ShardColumns.BOXES)).size());
            assertEquals(96 * 96, row.<byte[]>getAs(ShardColumns.PIXELS).length);
            assertEquals(-1, row.<Integer>getAs(ShardColumns.LABEL));
            objects += count;
        }
        assertEquals(objects, java.util.Arrays.stream(manifest.splits().get("train").perClass()).sum(),
            "per-class counts are object counts");
    }

    @Test
    void scenesAreThoseOfTheGeneratorWhateverThePartitioning() throws IOException {
        ingest(dir.resolve("a"), 1, COUNTS);
        ingest(dir.resolve("b"), 5, COUNTS);
        for (Split split : Split.values()) {
            List<Row> a = rows(dir.resolve("a"), split);
            List<Row> b = rows(dir.resolve("b"), split);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).<String>getAs(ShardColumns.RECORD_ID), b.get(i).<String>getAs(ShardColumns.RECORD_ID));
                assertArrayEquals(a.get(i).<byte[]>getAs(ShardColumns.PIXELS), b.get(i).<byte[]>getAs(ShardColumns.PIXELS));
                assertEquals(a.get(i).getList(a.get(i).fieldIndex(ShardColumns.BOXES)),
                    b.get(i).getList(b.get(i).fieldIndex(ShardColumns.BOXES)));
            }
        }
        // test scene 3 is the generator's scene 3 over the t10k images alone; train scene 3 over train[0, 180)
        ObjectSource test = source("t10k");
        Scene expected = new SceneGenerator(SceneSettings.defaults(), SceneSplits.seed(9, "test")).scene(3, test);
        assertArrayEquals(expected.pixels(), rows(dir.resolve("a"), Split.TEST).get(3).<byte[]>getAs(ShardColumns.PIXELS));
        Scene train = new SceneGenerator(SceneSettings.defaults(), SceneSplits.seed(9, "train"))
            .scene(3, source("train").range(0, 180));
        Row row = rows(dir.resolve("a"), Split.TRAIN).get(3);
        assertArrayEquals(train.pixels(), row.<byte[]>getAs(ShardColumns.PIXELS));
        assertEquals(train.objects(), DetectionRows.objects(row), "boxes and classes read back");
    }

    @Test
    void badRequestsNameTheOption() throws IOException {
        UsageException e = assertThrows(UsageException.class, () -> ingest(dir.resolve("x"), null,
            Map.of(Split.TRAIN, 0L)));
        assertTrue(e.getMessage().startsWith("--train-scenes"), e.getMessage());
        java.nio.file.Path noTest = dir.resolve("no-test");
        Files.createDirectories(noTest);
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")) {
            Files.copy(shared.resolve("fm").resolve(name), noTest.resolve(name));
        }
        e = assertThrows(UsageException.class, () -> new SceneIngestJob(spark).run(new SceneIngestJob.Request(
            noTest.toUri().toString(), dir.resolve("y").toUri().toString(), 9, 0.1, SceneSettings.defaults(), COUNTS,
            null, false)));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("y")), "nothing written");
    }

    private static IdxObjectSource source(String prefix) throws IOException {
        return new IdxObjectSource(idx(prefix + "-images-idx3-ubyte.gz"), idx(prefix + "-labels-idx1-ubyte.gz"));
    }

    private static IdxFile idx(String name) throws IOException {
        try (InputStream in = Files.newInputStream(shared.resolve("fm").resolve(name))) {
            return IdxReader.read(in, name);
        }
    }

    @Test
    void printsIngestProgressLinesEndingWithEveryScene() throws IOException {
        java.io.StringWriter console = new java.io.StringWriter();
        new SceneIngestJob(spark, new java.io.PrintWriter(console)).run(new SceneIngestJob.Request(
            shared.resolve("fm").toUri().toString(), dir.resolve("progress").toUri().toString(), 9, 0.1,
            SceneSettings.defaults(), COUNTS, 3, false));
        List<String> lines = console.toString().lines().toList();
        assertTrue(lines.get(0).matches("\\[ingest\\] \\d+/36 records, 1/(\\d+) shards written"), console.toString());
        assertTrue(lines.get(lines.size() - 1).matches("\\[ingest\\] 36/36 records, (\\d+)/\\1 shards written"),
            console.toString());
    }
}
