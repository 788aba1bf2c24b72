package io.dlspark.shards;

import io.dlspark.core.shard.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How many shard files each split gets ({@link ShardSetWriter#shardsOf}). */
class ShardCountTest {
    @Test
    void theTrainSplitGetsItsShardsAndTheOthersTheirShare() {
        assertEquals(4, ShardSetWriter.shardsOf(Split.TRAIN, 10_000, 10_000, 4));
        assertEquals(2, ShardSetWriter.shardsOf(Split.TEST, 5_000, 10_000, 4));
        assertEquals(1, ShardSetWriter.shardsOf(Split.VALIDATION, 1_000, 10_000, 4));
        assertEquals(100, ShardSetWriter.shardsOf(Split.VALIDATION, 10_000, 10_000, 100), "an explicit --partitions");
        assertEquals(3, ShardSetWriter.shardsOf(Split.TEST, 3, 3, 100), "at most one per record");
    }

    @Test
    void aTinyTrainSplitDoesNotCutTheOtherSplitsIntoOneFilePerRecord() {
        // detect's test-only scene sets: one training scene, 1,000 test scenes; the share alone would be 1,000 files.
        assertEquals(1, ShardSetWriter.shardsOf(Split.TEST, 1_000, 1, 1));
        assertEquals(ShardSetWriter.shardsFor(500_000), ShardSetWriter.shardsOf(Split.TEST, 500_000, 10, 1));
    }
}
