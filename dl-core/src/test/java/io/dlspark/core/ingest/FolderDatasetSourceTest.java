package io.dlspark.core.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderDatasetSourceTest {
    private final Configuration conf = new Configuration();

    @TempDir
    java.nio.file.Path dir;

    @Test
    void plansClassesFromSubfoldersAndKeepsNonImagesAsRecords() throws IOException {
        for (String label : List.of("cat", "dog")) {
            Files.createDirectories(dir.resolve(label));
            for (int i = 0; i < 5; i++) {
                Files.write(dir.resolve(label + "/" + i + ".png"), IdxFixtures.png(6, 6, 1, i));
            }
        }
        Files.writeString(dir.resolve("dog/readme.txt"), "not an image");
        Files.writeString(dir.resolve("dog/.hidden"), "ignored by convention");
        IngestPlan plan = FolderDatasetSource.images().plan(new Path(dir.toUri()),
            new IngestOptions(0.2, 1, null, io.dlspark.core.data.ResizeMode.NONE, null), conf);
        assertEquals(List.of("cat", "dog"), plan.labelNames());
        assertEquals(RecordFormat.IMAGE_UINT8_HWC, plan.format());
        assertEquals(new ImageShape(6, 6, 1), plan.shape());
        assertEquals(11, plan.records().size());
        assertEquals(2, plan.records(Split.VALIDATION).size());
        RecordRef readme = plan.records().stream().filter(r -> r.recordId().equals("dog/readme.txt")).findFirst().orElseThrow();
        BadRecordException bad = assertThrows(BadRecordException.class, () -> plan.decoder().decode(readme, conf));
        assertTrue(bad.source().endsWith("dog/readme.txt"), bad.source());
    }

    @Test
    void corruptPngIsABadRecordNamingTheFile() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.write(dir.resolve("a/good.png"), IdxFixtures.png(6, 6, 1, 0));
        byte[] png = IdxFixtures.png(6, 6, 1, 0);
        Files.write(dir.resolve("a/broken.png"), java.util.Arrays.copyOf(png, 30));
        IngestPlan plan = FolderDatasetSource.images().plan(new Path(dir.toUri()), IngestOptions.defaults(), conf);
        RecordRef broken = plan.records().stream().filter(r -> r.recordId().equals("a/broken.png")).findFirst().orElseThrow();
        BadRecordException bad = assertThrows(BadRecordException.class, () -> plan.decoder().decode(broken, conf));
        assertTrue(bad.source().endsWith("a/broken.png"));
    }

    @Test
    void emptyClassFolderIsAnErrorNamingIt() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("empty"));
        Files.write(dir.resolve("a/x.png"), IdxFixtures.png(6, 6, 1, 0));
        DataException e = assertThrows(DataException.class,
            () -> FolderDatasetSource.images().plan(new Path(dir.toUri()), IngestOptions.defaults(), conf));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void trainAndTestFoldersKeepTheUpstreamTestSplit() throws Exception {
        for (String split : List.of("train", "test")) {
            for (String label : List.of("neg", "pos")) {
                Files.createDirectories(dir.resolve(split + "/" + label));
                for (int i = 0; i < 4; i++) {
                    Files.writeString(dir.resolve(split + "/" + label + "/" + i + ".txt"), label + " document " + i);
                }
            }
        }
        IngestPlan plan = FolderDatasetSource.text().plan(new Path(dir.toUri()), IngestOptions.defaults(), conf);
        assertEquals(List.of("neg", "pos"), plan.labelNames());
        assertEquals(8, plan.records(Split.TEST).size());
        RecordRef first = plan.records(Split.TEST).get(0);
        assertEquals("test/neg/0.txt", first.recordId());
        assertEquals("neg document 0", plan.decoder().decode(first, conf).text());
    }
}
