package io.dlspark.core.artifact;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
