package io.dlspark.jobs.tune;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A distributed trial's training settings: errors name the {@code tuning.training} key, not a train option. */
class DistributedTrialRunnerTest {
    private static TrialTraining training(int threads, int workers, int averagingFrequency) {
        return new TrialTraining("mlp", 2, 16, "adam", 1e-3, 1, 0, threads, workers, averagingFrequency);
    }

    private static String error(TrialTraining training) {
        return assertThrows(UsageException.class,
            () -> DistributedTrialRunner.config(training, "file:/d", "file:/o").build()).getMessage();
    }

    @Test
    void badTrialSettingsNameTheirTuningKeys() {
        assertEquals("tuning.training.threads-per-trial: must be between 1 and 1024, got 2000", error(training(2000, 0, 5)));
        assertEquals("tuning.training.workers-per-trial: must be between 1 and 100000, got 200000",
            error(training(1, 200_000, 5)));
        assertEquals("tuning.training.averaging-frequency: must be between 1 and 1000000, got 2000000",
            error(training(1, 0, 2_000_000)));
        assertEquals(2, DistributedTrialRunner.config(training(1, 2, 5), "file:/d", "file:/o").build().workers());
    }
}
