package io.dlspark.bench;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecipeBenchmarkTest {
    @Test
    void withoutEpochsTheRunLastsTheModelsCosinePeriod() {
        assertEquals(10, RecipeBenchmark.scheduledEpochs("resnet8-fashion"));
    }

    @Test
    void aModelWithoutACosineScheduleNeedsEpochs() {
        UsageException e = assertThrows(UsageException.class, () -> RecipeBenchmark.scheduledEpochs("lenet"));
        assertTrue(e.getMessage().startsWith("--epochs: lenet "), e.getMessage());
    }

    @Test
    void aKeepFolderHoldingASeedsModelIsRefusedBeforeAnyRun(@TempDir Path dir) throws Exception {
        RecipeBenchmark.checkKeepable(dir, new long[] {1, 2});
        Files.createDirectory(dir.resolve("model-2"));
        UsageException e = assertThrows(UsageException.class,
            () -> RecipeBenchmark.checkKeepable(dir, new long[] {1, 2}));
        assertEquals("--keep: " + dir.resolve("model-2") + " exists; give a folder without it", e.getMessage());
    }
}
