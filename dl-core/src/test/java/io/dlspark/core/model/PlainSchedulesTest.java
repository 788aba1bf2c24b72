package io.dlspark.core.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainSchedulesTest {
    @Test
    void aCosineInEpochsIsExactAtEveryEpoch() {
        CosineSchedule cosine = new CosineSchedule(ScheduleType.EPOCH, 0.1, 0.005, 20);
        ISchedule plain = PlainSchedules.of(cosine, 0, 0);
        assertInstanceOf(MapSchedule.class, plain);
        for (int epoch = 0; epoch <= 60; epoch++) {
            assertEquals(cosine.valueAt(123, epoch), plain.valueAt(123, epoch), "epoch " + epoch);
        }
    }

    @Test
    void aLongCosineInIterationsIsSampledAndStaysWithinOneStep() {
        CosineSchedule cosine = new CosineSchedule(ScheduleType.ITERATION, 0.1, 0.0, 5000);
        ISchedule plain = PlainSchedules.of(cosine, 0, 0);
        int step = 5000 / PlainSchedules.MAX_POINTS;
        double maxChange = 0.1 * Math.PI * step / (2 * 5000);
        for (int i = 0; i <= 6000; i++) {
            double difference = plain.valueAt(i, 0) - cosine.valueAt(i, 0);
            if (i % step == 0 || i >= 5000) {
                assertEquals(0, difference, "sampled iteration " + i);
            }
            assertTrue(difference >= 0 && difference <= maxChange, "iteration " + i + ": " + difference);
        }
    }

    @Test
    void anUnfinishedWarmUpOverAFixedRateIsWrittenOutPerIteration() {
        WarmupSchedule warmup = new WarmupSchedule(new FixedSchedule(0.01), 10);
        ISchedule plain = PlainSchedules.of(warmup, 3, 0);
        for (int i = 0; i < 40; i++) {
            assertEquals(warmup.valueAt(i, i / 7), plain.valueAt(i, i / 7), "iteration " + i);
        }
    }

    @Test
    void aFinishedWarmUpIsItsBaseExactlyFromThenOn() {
        WarmupSchedule warmup = new WarmupSchedule(new CosineSchedule(ScheduleType.EPOCH, 0.1, 0.001, 12), 200);
        ISchedule plain = PlainSchedules.of(warmup, 250, 2);
        for (int i = 250; i < 2000; i += 17) {
            int epoch = i / 100;
            assertEquals(warmup.valueAt(i, epoch), plain.valueAt(i, epoch), "iteration " + i);
        }
    }

    @Test
    void anUnfinishedWarmUpOverAnEpochScheduleExportsTheBaseAlone() {
        CosineSchedule base = new CosineSchedule(ScheduleType.EPOCH, 0.1, 0.001, 12);
        ISchedule plain = PlainSchedules.of(new WarmupSchedule(base, 200), 0, 0);
        for (int epoch = 0; epoch < 20; epoch++) {
            assertEquals(base.valueAt(0, epoch), plain.valueAt(0, epoch), "epoch " + epoch);
        }
    }

    @Test
    void nd4jSchedulesAreKeptAndForeignOnesRefused() {
        ISchedule step = new StepSchedule(ScheduleType.EPOCH, 0.1, 0.5, 3);
        assertSame(step, PlainSchedules.of(step, 5, 1));
        ISchedule foreign = new ISchedule() {
            @Override
            public double valueAt(int iteration, int epoch) {
                return 1;
            }

            @Override
            public ISchedule clone() {
                return this;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlainSchedules.of(foreign, 0, 0));
        assertTrue(e.getMessage().startsWith("no ND4J equivalent for the schedule io.dlspark.core.model."), e.getMessage());
    }
}
