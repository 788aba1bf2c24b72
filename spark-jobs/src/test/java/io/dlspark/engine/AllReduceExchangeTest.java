package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --exchange allreduce} against {@code --exchange jobs}: the same states bit for bit, every record once per
 * epoch, a retried stage changing nothing, and the bytes each worker and the driver move per round.
 */
class AllReduceExchangeTest {
    private static JavaSparkContext jsc;

    @BeforeAll
    static void session() {
        jsc = ExchangeFixtures.context();
    }

    /*
     * Bit identity: each worker's contribution (double) value * samples is exact in double (24 + at most 29 bits);
     * the all-reduce adds them in worker order 0..W-1, as the live exchange does, while treeReduce adds them in the
     * order tasks finish. Sums of W exact terms can differ in the last bit of the double with the order, which
     * changes the float result only when the double lands within that bit of a float rounding boundary (about 2^-29
     * per value), so the states agree bit for bit here; the guaranteed bound is 1 ulp of the float.
     */
    @Test
    void allReduceEqualsJobsBitForBitWithOneTwoThreeAndSevenWorkers() {
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        for (int workers : new int[] {1, 2, 3, 7}) {
            TrainingData data = ExchangeFixtures.data(150, 11, workers);
            try {
                NetworkState jobs = ExchangeFixtures.train(jsc, data, blueprint,
                    new TrainingSettings(workers, 4, 2, 2, 11, 0, 1), 2, new ArrayList<>(), new ArrayList<>());
                List<RoundStats> stats = new ArrayList<>();
                NetworkState allReduce = ExchangeFixtures.train(jsc, data, blueprint,
                    new TrainingSettings(workers, 4, 2, 2, 11, 0, 1, RoundExchange.ALLREDUCE), 2, stats,
                    new ArrayList<>());
                assertArrayEquals(jobs.params(), allReduce.params(), workers + " workers: parameters");
                assertArrayEquals(jobs.updater(), allReduce.updater(), workers + " workers: updater state");
                assertEquals(jobs.iteration(), allReduce.iteration(), workers + " workers: iteration");
                for (int epoch = 0; epoch < 2; epoch++) {
                    int e = epoch;
                    assertEquals(150, stats.stream().filter(s -> s.epoch() == e).mapToLong(RoundStats::samples).sum(),
                        workers + " workers, epoch " + e);
                }
            } finally {
                data.release();
            }
        }
    }

    @Test
    void checkpointRoundsReceiveTheAveragedStateAndOtherRoundsReturnTheDriversState() {
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        TrainingData data = ExchangeFixtures.data(90, 13, 3);
        TrainingSettings jobs = new TrainingSettings(3, 4, 1, 2, 13, 0, 1);
        TrainingSettings allReduce = new TrainingSettings(3, 4, 1, 2, 13, 0, 1, RoundExchange.ALLREDUCE, 2);
        try (ParameterAveragingMaster reference = new ParameterAveragingMaster(jsc, jobs, blueprint,
                 ExchangeFixtures.ASSEMBLER);
             ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, allReduce, blueprint,
                 ExchangeFixtures.ASSEMBLER)) {
            NetworkState expected = blueprint.newTrainable().state().withCounters(0, 0);
            NetworkState held = expected;
            for (int round = 0; round < 4; round++) {
                expected = reference.round(data, expected, 0, round, s -> { });
                NetworkState returned = master.round(data, held, 0, round, s -> { });
                if ((round + 1) % 2 == 0) {
                    assertArrayEquals(expected.params(), returned.params(), "round " + (round + 1));
                    assertEquals(expected.iteration(), returned.iteration(), "round " + (round + 1));
                    held = returned;
                } else {
                    assertTrue(returned == held, "round " + (round + 1) + " returns the driver's state");
                }
            }
        } finally {
            data.release();
        }
    }

    @Test
    void aWorkerThatFailsOnceRetriesTheStageAndTheEpochReplaysToTheSameState() {
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        TrainingData data = ExchangeFixtures.data(64, 17, 2);
        try {
            NetworkState jobs = ExchangeFixtures.train(jsc, data, blueprint,
                new TrainingSettings(2, 8, 1, 2, 17, 0, 1), 1, new ArrayList<>(), new ArrayList<>());
            List<RoundStats> stats = new ArrayList<>();
            NetworkState allReduce = ExchangeFixtures.train(jsc, data, ExchangeFixtures.failingOnce(blueprint, 3),
                new TrainingSettings(2, 8, 1, 2, 17, 0, 1, RoundExchange.ALLREDUCE), 1, stats, new ArrayList<>());
            assertArrayEquals(jobs.params(), allReduce.params());
            assertArrayEquals(jobs.updater(), allReduce.updater());
            assertEquals(64, stats.stream().mapToLong(RoundStats::samples).sum(), "every record once");
            assertEquals(stats.size(), stats.stream().mapToInt(RoundStats::round).distinct().count(),
                "each round reported once");
        } finally {
            data.release();
        }
    }

    @Test
    void eachWorkerMovesAtMostTwiceTheStatePerRoundAndTheDriverTheSameBytesWhateverTheWorkers() {
        int floats = 200_000;
        long stateBytes = 4L * floats;
        List<Long> driverBytes = new ArrayList<>();
        for (int workers : new int[] {2, 3, 7}) {
            TrainingData data = ExchangeFixtures.data(workers * 8, 19, workers);
            try {
                List<ExchangeTraffic> traffic = new ArrayList<>();
                ExchangeFixtures.train(jsc, data, new ExchangeFixtures.NoOpBlueprint(floats),
                    new TrainingSettings(workers, 1, 1, 2, 19, 0, 1, RoundExchange.ALLREDUCE), 1, new ArrayList<>(),
                    traffic);
                assertTrue(traffic.size() >= 3, "rounds: " + traffic.size());
                ExchangeTraffic middle = traffic.get(2);
                assertEquals(1, middle.peerRound());
                double ideal = 2.0 * (workers - 1) / workers * stateBytes;
                LoggerFactory.getLogger(AllReduceExchangeTest.class).info("all-reduce W={} S={} bytes: a worker sent {} "
                    + "and received {} bytes in round 2 (ideal {}); the driver moved {} bytes in round 2", workers,
                    stateBytes, middle.peerSentBytes(), middle.peerReceivedBytes(), Math.round(ideal),
                    traffic.get(1).driverBytes());
                for (long bytes : new long[] {middle.peerSentBytes(), middle.peerReceivedBytes()}) {
                    assertTrue(bytes >= ideal && bytes <= 2 * stateBytes * 1.01, workers + " workers: " + bytes
                        + " bytes, ideal " + ideal + ", bound " + 2 * stateBytes * 1.01);
                    assertTrue(bytes <= ideal * 1.01, workers + " workers: overhead above 1 %: " + bytes);
                }
                driverBytes.add(traffic.get(1).driverBytes());
            } finally {
                data.release();
            }
        }
        assertTrue(driverBytes.get(0) < stateBytes / 100, "the driver reads statistics only: " + driverBytes);
        assertEquals(1, driverBytes.stream().distinct().count(), "driver bytes per round by W = 2, 3, 7: " + driverBytes);
    }

    @Test
    void theJobsExchangeReportsNoChannelTraffic() {
        TrainingData data = ExchangeFixtures.data(16, 23, 2);
        try {
            List<ExchangeTraffic> traffic = new ArrayList<>();
            ExchangeFixtures.train(jsc, data, new ExchangeFixtures.NoOpBlueprint(10),
                new TrainingSettings(2, 4, 1, 2, 23, 0, 1), 1, new ArrayList<>(), traffic);
            assertNull(traffic.get(0));
        } finally {
            data.release();
        }
    }
}
