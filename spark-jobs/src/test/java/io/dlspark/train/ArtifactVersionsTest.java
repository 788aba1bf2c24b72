package io.dlspark.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactVersionsTest {
    @Test
    void everyVersionIsKnown() {
        Map<String, String> versions = ArtifactVersions.current();
        assertEquals("1.0.0-M2.1", versions.get("deeplearning4j"));
        assertTrue(versions.values().stream().allMatch(v -> v != null && !v.isBlank() && !v.equals("unknown")), versions.toString());
    }
}
