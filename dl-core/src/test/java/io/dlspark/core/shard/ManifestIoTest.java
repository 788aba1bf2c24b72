package io.dlspark.core.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestIoTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    java.nio.file.Path dir;

    private static ShardManifest valid() {
        return new ShardManifest(ShardManifest.SCHEMA_VERSION, "fashion-mnist", List.of("raw"), RecordFormat.IMAGE_UINT8_HWC,
            new ImageShape(28, 28, 1), List.of("a", "b", "c"), 1, 0.1,
            Map.of("train", new ShardManifest.SplitCounts(6, new long[] {2, 2, 2})),
            List.of(new ShardManifest.ShardFile("train/part-0.parquet", 100, "00")), List.of(),
            new ShardManifest.BadRecords(0, List.of()), "now", "test");
    }

    /** Writes the valid manifest changed by {@code edit} and reads it back. */
    private ShardManifest readEdited(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(ManifestIo.toJson(valid()));
        edit.accept(tree);
        Files.writeString(dir.resolve(ShardManifest.FILE_NAME), MAPPER.writeValueAsString(tree));
        return ManifestIo.read(new Path(dir.toUri()), new Configuration());
    }

    @Test
    void aValidManifestReadsBack() throws IOException {
        assertEquals(valid().labelNames(), readEdited(tree -> { }).labelNames());
    }

    @Test
    void aMissingShapeIsNamed() {
        DataException e = assertThrows(DataException.class, () -> readEdited(tree -> tree.remove("shape")));
        assertTrue(e.getMessage().endsWith("manifest.json: field 'shape' is missing (IMAGE_UINT8_HWC records need it)"),
            e.getMessage());
    }

    @Test
    void tooFewLabelNamesAreNamed() {
        DataException e = assertThrows(DataException.class,
            () -> readEdited(tree -> ((ArrayNode) tree.get("labelNames")).remove(2)));
        assertTrue(e.getMessage().endsWith("manifest.json: field 'splits.train.perClass' counts 3 classes but labelNames has 2"),
            e.getMessage());
    }

    @Test
    void aShardPathOutsideTheShardSetIsRefused() {
        DataException e = assertThrows(DataException.class, () -> readEdited(tree ->
            ((ObjectNode) tree.get("files").get(0)).put("path", "../../etc/passwd")));
        assertTrue(e.getMessage().contains("field 'files[0].path' '../../etc/passwd' is not a path inside the shard set"),
            e.getMessage());
    }

    @Test
    void anImageShardSetIsRefusedAsTextInOneLineNamingItsSource() throws IOException {
        ShardManifest images = readEdited(tree -> { });
        UsageException e = assertThrows(UsageException.class, () -> images.requireText("--data shards/fashion"));
        assertEquals("--data shards/fashion: a shard set of IMAGE_UINT8_HWC records, not text", e.getMessage());
        ShardManifest text = readEdited(tree -> tree.put("recordFormat", RecordFormat.TEXT_UTF8.name()));
        text.requireText("--data shards/spam");
    }
}
