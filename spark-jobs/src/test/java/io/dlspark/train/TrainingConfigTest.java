package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.engine.ExchangePrecision;
import io.dlspark.engine.RoundExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainingConfigTest {
    private static TrainingConfig.Builder minimal() {
        return TrainingConfig.builder().data("file:/d").model("mlp").output("file:/o");
    }

    @Test
    void defaultsComeFromTheSettings() {
        TrainingConfig config = minimal().build();
        assertEquals(1, config.epochs());
        assertNull(config.workers());
        assertEquals(64, config.batchSize());
        assertEquals(5, config.averagingFrequency());
        assertEquals(2, config.treeDepth());
        assertEquals(1, config.threadsPerWorker());
        assertEquals(0, config.roundTimeoutSeconds());
        assertEquals(0, config.checkpointEveryRounds());
        assertEquals(TrainingConfig.DEFAULT_SEED, config.seed());
        assertEquals(RoundExchange.JOBS, config.exchange());
        assertEquals(ExchangePrecision.FP32, config.exchangePrecision());
        assertEquals(ExchangePrecision.FP32, config.engineSettings(2).exchangePrecision());
        assertEquals(LearningRateScaling.NONE, config.learningRateScaling());
        assertEquals(EpochSelection.LAST, config.selection());
    }

    @Test
    void boundsThatCouldOverflowAreRefusedNamingTheOption() {
        UsageException batch = assertThrows(UsageException.class, () -> minimal().batchSize(Integer.MAX_VALUE).build());
        assertEquals("--batch-size: must be between 1 and 1000000, got 2147483647", batch.getMessage());
        UsageException k = assertThrows(UsageException.class,
            () -> minimal().averagingFrequency(Integer.MAX_VALUE).build());
        assertEquals("--averaging-frequency: must be between 1 and 1000000, got 2147483647", k.getMessage());
        assertEquals("--batch-size: must be between 1 and 1000000, got 0",
            assertThrows(UsageException.class, () -> minimal().batchSize(0).build()).getMessage());
        assertEquals("--epochs: must be between 1 and 100000, got 0",
            assertThrows(UsageException.class, () -> minimal().epochs(0).build()).getMessage());
    }

    @Test
    void aPipelineBuilderNamesItsKeys() {
        UsageException e = assertThrows(UsageException.class,
            () -> TrainingConfig.builder(s -> "train." + s.key()).data("d").model("m").output("o").treeDepth(99).build());
        assertEquals("train.tree-depth: must be between 1 and 16, got 99", e.getMessage());
    }

    @Test
    void requiredValuesAndExclusiveFlags() {
        assertThrows(UsageException.class, () -> TrainingConfig.builder().model("mlp").output("o").build());
        assertEquals("--resume and --overwrite exclude each other",
            assertThrows(UsageException.class, () -> minimal().resume(true).overwrite(true).build()).getMessage());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        TrainingConfig config = minimal().epochs(3).workers(2).batchSize(16).averagingFrequency(2).seed(7)
            .exchange(RoundExchange.LIVE).exchangePrecision(ExchangePrecision.BF16)
            .learningRateScaling(LearningRateScaling.SQRT).checkpointEveryRounds(4).build();
        TrainingConfig copy = config.toBuilder().build();
        assertEquals(config.describe(), copy.describe());
        assertEquals(ExchangePrecision.BF16, copy.exchangePrecision());
        assertEquals(ExchangePrecision.BF16, copy.engineSettings(2).exchangePrecision());
        assertEquals(2, copy.workers());
        assertNull(minimal().build().toBuilder().build().workers());
    }

    @Test
    void sixteenBitExchangeNeedsABarrierExchangeBeforeAnythingRuns() {
        UsageException e = assertThrows(UsageException.class,
            () -> minimal().exchangePrecision(ExchangePrecision.BF16).build());
        assertEquals("--exchange-precision: bf16 needs --exchange live or allreduce (jobs moves states through Spark's "
            + "block manager in fp32)", e.getMessage());
        assertEquals(ExchangePrecision.FP16, minimal().exchange(RoundExchange.ALLREDUCE)
            .exchangePrecision(ExchangePrecision.FP16).build().exchangePrecision());
        assertThrows(UsageException.class, () -> minimal().exchangePrecision(null).build());
    }

    @Test
    void updaterAveragingEveryFewRoundsNeedsTheAllReduce() {
        assertEquals(1, minimal().build().updaterAveragingEvery());
        UsageException e = assertThrows(UsageException.class, () -> minimal().exchange(RoundExchange.LIVE)
            .set(TrainingConfig.Setting.UPDATER_AVERAGING_EVERY, 3).build());
        assertEquals("--updater-averaging-every: 3 needs --exchange allreduce (with live no worker keeps an updater "
            + "state between rounds)", e.getMessage());
        TrainingConfig config = minimal().exchange(RoundExchange.ALLREDUCE)
            .set(TrainingConfig.Setting.UPDATER_AVERAGING_EVERY, 3).build();
        assertEquals(3, config.engineSettings(2).updaterEveryRounds());
        assertEquals(3, config.toBuilder().build().updaterAveragingEvery());
    }

    @Test
    void allReducePipelineNeedsAtLeastOnePartAndTheAllReduce() {
        assertEquals(1, minimal().build().engineSettings(2).allReducePipeline());
        assertEquals("--allreduce-pipeline: must be between 1 and 1000000, got 0", assertThrows(UsageException.class,
            () -> minimal().exchange(RoundExchange.ALLREDUCE).set(TrainingConfig.Setting.ALLREDUCE_PIPELINE, 0).build())
            .getMessage());
        assertEquals("--allreduce-pipeline: 4 needs --exchange allreduce (with jobs no worker averages chunks)",
            assertThrows(UsageException.class,
                () -> minimal().set(TrainingConfig.Setting.ALLREDUCE_PIPELINE, 4).build()).getMessage());
        TrainingConfig config = minimal().exchange(RoundExchange.ALLREDUCE)
            .set(TrainingConfig.Setting.ALLREDUCE_PIPELINE, 4).build();
        assertEquals(4, config.engineSettings(2).allReducePipeline());
        assertEquals(4, config.toBuilder().build().allReducePipeline());
    }
}
