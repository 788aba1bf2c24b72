package io.dlspark.jobs.augment;

import io.dlspark.core.UsageException;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentPreviewTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static String shards;

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        Path raw = IdxFixtures.writeMnistLike(shared.resolve("raw"), 40, 10, 5);
        shards = AugmentJobTest.ingest(spark, raw, shared.resolve("shards"), 2);
    }

    @Test
    void thePngDecodesWithOneRowPerRecordAndTheOriginalsInTheFirstColumn() throws IOException {
        Path png = dir.resolve("preview.png");
        int[] size = new AugmentPreview(spark).write(
            new AugmentPreview.Request(shards, AugmentJobTest.FASHION_MNIST_CONF, null, 5, 3, png.toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG");
        // 28x28 enlarged 3 times: 84-pixel cells, 4-pixel gaps, an 8-pixel rule after the originals
        assertEquals(4 + 4 * (84 + 4) + 8, image.getWidth());
        assertEquals(4 + 5 * (84 + 4), image.getHeight());
        assertArrayEquals(new int[] {image.getWidth(), image.getHeight()}, size);

        List<Row> first = spark.read().parquet(Path.of(shards, Split.TRAIN.dirName()).toString())
            .orderBy(ShardColumns.RECORD_ID).limit(5).collectAsList();
        for (int row = 0; row < 5; row++) {
            byte[] pixels = first.get(row).getAs(ShardColumns.PIXELS);
            for (int y = 0; y < 28; y += 3) {
                for (int x = 0; x < 28; x += 5) {
                    int grey = pixels[y * 28 + x] & 0xFF;
                    int rgb = image.getRGB(4 + x * 3 + 2, 4 + row * 88 + y * 3 + 1) & 0xFFFFFF;
                    assertEquals(grey << 16 | grey << 8 | grey, rgb, "row " + row + " pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void previewOfTextShardsOrWithAnUnfitConfigIsAUsageError() throws IOException {
        Path text = Files.writeString(dir.resolve("text.conf"), "augment { records = text, seed = 1, ops = [ { op = swap } ] }");
        UsageException e = assertThrows(UsageException.class, () -> new AugmentPreview(spark).write(
            new AugmentPreview.Request(shards, text.toString(), null, 4, 2, dir.resolve("p.png").toString())));
        assertTrue(e.getMessage().contains("--config") && e.getMessage().contains("augment.records"), e.getMessage());
        e = assertThrows(UsageException.class,
            () -> new AugmentPreview.Request(shards, text.toString(), null, 0, 2, "p.png"));
        assertTrue(e.getMessage().contains("--count"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("p.png")));
    }
}
