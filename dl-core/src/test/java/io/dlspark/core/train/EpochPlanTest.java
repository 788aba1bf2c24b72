package io.dlspark.core.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EpochPlanTest {
    private final EpochPlan plan = new EpochPlan(7, 10, 3);

    @Test
    void orderIsAPermutationThatChangesPerEpochAndWorker() {
        int[] order = plan.order(95, 0, 1);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 95; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(order, plan.order(95, 0, 1));
        assertFalse(Arrays.equals(order, plan.order(95, 1, 1)));
        assertFalse(Arrays.equals(order, plan.order(95, 0, 2)));
    }

    @Test
    void roundsCoverEveryRecordOnceWithUnevenPartitions() {
        int[] sizes = {95, 31, 0, 60};
        int rounds = plan.rounds(sizes);
        assertEquals(4, rounds, "10 minibatches of the largest partition, 3 per round");
        for (int size : sizes) {
            int covered = 0;
            for (int round = 0; round < rounds; round++) {
                int first = plan.firstBatch(round);
                for (int b = first; b < first + plan.batchesInRound(size, round); b++) {
                    covered += Math.min(size, (b + 1) * plan.batchSize()) - b * plan.batchSize();
                }
            }
            assertEquals(size, covered, "partition of " + size);
        }
    }

    @Test
    void hugeBatchesAndFrequenciesDoNotOverflow() {
        EpochPlan plan = new EpochPlan(1, Integer.MAX_VALUE, Integer.MAX_VALUE);
        org.junit.jupiter.api.Assertions.assertEquals(1, plan.batches(1000), "one short batch holds the partition");
        org.junit.jupiter.api.Assertions.assertEquals(1, plan.rounds(new int[] {1000, 7}));
        org.junit.jupiter.api.Assertions.assertEquals(1, plan.batchesInRound(1000, 0));
    }
}
