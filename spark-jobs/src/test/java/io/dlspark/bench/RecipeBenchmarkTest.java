package io.dlspark.bench;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

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
}
