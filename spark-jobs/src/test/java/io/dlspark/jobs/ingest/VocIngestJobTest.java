package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.fixtures.VocFixtures;
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
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocIngestJobTest {
    private static final ImageShape SHAPE = new ImageShape(60, 80, 3);
    private static SparkSession spark;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private IngestResult ingest(java.nio.file.Path voc, String output, ImageShape shape) throws IOException {
        return new VocIngestJob(spark).run(new VocIngestJob.Request(voc.toUri().toString(),
            dir.resolve(output).toUri().toString(), 3, 1.0 / 3, shape, null, false));
    }

    private List<Row> rows(String output) {
        List<Row> rows = new ArrayList<>();
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
            rows.addAll(spark.read().parquet(dir.resolve(output).resolve(split.dirName()).toString()).collectAsList());
        }
        return rows;
    }

    @Test
    void writesScaledImagesWithScaledBoxesClassesAndDifficultFlags() throws IOException {
        java.nio.file.Path voc = VocFixtures.write(dir.resolve("voc"));
        ingest(voc, "out", SHAPE);
        ShardManifest manifest = ManifestIo.read(new Path(dir.resolve("out").toUri()),
            spark.sparkContext().hadoopConfiguration());
        assertEquals(RecordFormat.DETECTION_UINT8_HWC, manifest.recordFormat());
        assertEquals(List.of("cat", "dog", "person"), manifest.labelNames());
        assertEquals(2, manifest.count(Split.TRAIN));
        assertEquals(1, manifest.count(Split.VALIDATION));
        long objects = 0;
        for (ShardManifest.SplitCounts counts : manifest.splits().values()) {
            objects += java.util.Arrays.stream(counts.perClass()).sum();
        }
        assertEquals(4, objects, "objects per class over the splits");

        Row two = rows("out").stream().filter(r -> r.<String>getAs(ShardColumns.RECORD_ID).equals("000002.jpg"))
            .findFirst().orElseThrow();
        // 40x30 -> 80x60 doubles every coordinate: cat [0,0,10,10) -> [0,0,20,20); person [11,2,18,29) -> [22,4,36,58)
        assertEquals(List.of(0f, 0f, 20f, 20f, 22f, 4f, 36f, 58f), two.getList(two.fieldIndex(ShardColumns.BOXES)));
        assertEquals(List.of(0, 2), two.getList(two.fieldIndex(ShardColumns.CLASSES)));
        assertEquals(List.of(false, true), two.getList(two.fieldIndex(ShardColumns.DIFFICULT)));
        assertEquals(List.of(new GroundTruth(new Box(0, 0, 20, 20), 0), new GroundTruth(new Box(22, 4, 36, 58), 2, true)),
            DetectionRows.objects(two));
        byte[] pixels = two.getAs(ShardColumns.PIXELS);
        assertEquals(SHAPE.size(), pixels.length);
        int inCat = (10 * 80 + 10) * 3;
        int outside = (40 * 80 + 70) * 3;
        assertTrue((pixels[inCat] & 0xFF) > 200 && (pixels[inCat + 1] & 0xFF) < 60, "red inside the scaled cat box");
        assertTrue(Math.abs((pixels[outside] & 0xFF) - 128) < 20, "grey outside");
    }

    @Test
    void theSeedChoosesTheValidationImages() throws IOException {
        java.nio.file.Path voc = VocFixtures.write(dir.resolve("voc"));
        ingest(voc, "a", SHAPE);
        ingest(voc, "b", SHAPE);
        List<Object> a = spark.read().parquet(dir.resolve("a/validation").toString())
            .select(ShardColumns.RECORD_ID).collectAsList().stream().map(r -> r.get(0)).toList();
        List<Object> b = spark.read().parquet(dir.resolve("b/validation").toString())
            .select(ShardColumns.RECORD_ID).collectAsList().stream().map(r -> r.get(0)).toList();
        assertEquals(a, b);
    }

    @Test
    void badInputFailsNamingTheFileAndWritesNothing() throws IOException {
        java.nio.file.Path voc = VocFixtures.write(dir.resolve("voc"));
        Files.delete(voc.resolve("JPEGImages/000002.jpg"));
        DataException missing = assertThrows(DataException.class, () -> ingest(voc, "x", SHAPE));
        assertTrue(missing.getMessage().contains("000002.jpg"), missing.getMessage());
        assertFalse(Files.exists(dir.resolve("x")));

        java.nio.file.Path wrong = VocFixtures.write(dir.resolve("wrong"));
        VocFixtures.xml(wrong, "000003.xml", VocFixtures.annotation("000003.jpg", 41, 30,
            VocFixtures.object("cat", 30, 10, 40, 30, false)));
        Exception e = assertThrows(Exception.class, () -> ingest(wrong, "y", SHAPE));
        assertTrue(causes(e).stream().anyMatch(c -> c instanceof DataException
            && c.getMessage().contains("000003.jpg: image is 40x30 but")), String.valueOf(causes(e)));
        assertFalse(Files.exists(dir.resolve("y")));

        UsageException shape = assertThrows(UsageException.class, () -> ingest(voc, "z", null));
        assertTrue(shape.getMessage().startsWith("--image-shape"), shape.getMessage());
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
