package io.dlspark.core.artifact;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.io.Json;
import io.dlspark.core.nn.NetworkKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactFilesTest {
    private static String manifest(int version, String training) {
        return "{\"formatVersion\": " + version + ", \"model\": \"mlp\", \"networkKind\": \"MULTI_LAYER\","
            + " \"convolutional\": false, \"labelNames\": [\"a\", \"b\"], \"parameters\": 10,"
            + " \"training\": " + training + ", \"finalMetrics\": {}, \"versions\": {}, \"createdAt\": \"t\"}";
    }

    @Test
    void aNewerFormatIsAClearError() {
        UsageException e = assertThrows(UsageException.class,
            () -> ArtifactFiles.parse(manifest(99, "{}"), "m/manifest.json"));
        assertEquals("m/manifest.json: format version 99 was written by a newer dlspark; this one reads versions up to "
            + ModelArtifactManifest.FORMAT_VERSION, e.getMessage());
        assertThrows(DataException.class, () -> ArtifactFiles.parse("{\"model\": \"mlp\"}", "m/manifest.json"));
    }

    @Test
    void theTypedTrainingBlockReadsBackAndVersionOneIsReadLeniently() {
        ModelArtifactManifest current = ArtifactFiles.parse(manifest(2, "{\"epochs\": 3, \"batchSize\": 16, "
            + "\"learningRate\": 0.002, \"keepBest\": \"loss\"}"), "m");
        assertEquals(3, current.training().epochs());
        assertEquals(16, current.training().batchSize());
        assertEquals(0.002, current.training().learningRate());
        assertEquals("loss", current.training().keepBest());
        assertThrows(DataException.class, () -> ArtifactFiles.parse(manifest(2, "{\"colour\": 1}"), "m"),
            "version 2 blocks are typed: an unknown key is an error");
        ModelArtifactManifest old = ArtifactFiles.parse(manifest(1, "{\"epochs\": 2, \"hidden.widths\": [8]}"), "m");
        assertEquals(2, old.training().epochs());
        assertTrue(old.labelNames().contains("b"));
    }

    @Test
    void preprocessingRoundTripsAndOlderManifestsReadWithout() {
        InputPreprocessing images = InputPreprocessing.images(new ImageShape(28, 28, 1), null, true);
        ModelArtifactManifest written = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION, "lenet",
            NetworkKind.MULTI_LAYER, new ImageShape(28, 28, 1), true, List.of("a", "b"), 10, null, null, Map.of(),
            Map.of(), "t", null, null, images, null);
        String json = Json.pretty(written);
        assertTrue(json.contains("\"layout\" : \"NCHW\""), json);
        ModelArtifactManifest read = ArtifactFiles.parse(json, "m");
        assertEquals(written, read);
        assertEquals(List.of(1, 28, 28), read.preprocessing().shape());
        assertEquals(3, ModelArtifactManifest.FORMAT_VERSION);
        assertNull(ArtifactFiles.parse(manifest(2, "{\"epochs\": 3}"), "m").preprocessing(), "a format 2 manifest");
        assertNull(ArtifactFiles.parse(manifest(1, "{\"epochs\": 3}"), "m").preprocessing(), "a format 1 manifest");
    }
}
