package io.dlspark.engine;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.StateCodec;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --allreduce-pipeline P}: chunks cut into parts give the same states bit for bit as whole chunks and as
 * {@code --exchange jobs}, at the cost of a few bytes per extra frame.
 */
class PipelinedAllReduceTest {
    private static JavaSparkContext jsc;

    @BeforeAll
    static void session() {
        jsc = ExchangeFixtures.context();
    }

    private static TrainingSettings allReduce(int workers, long seed, ExchangePrecision precision, int parts) {
        return new TrainingSettings(workers, 4, 2, 2, seed, 0, 1, RoundExchange.ALLREDUCE, 0, precision, 1, parts);
    }

    private static void assertSameValues(NetworkState expected, NetworkState actual, String what) {
        assertArrayEquals(expected.params(), actual.params(), what + "parameters");
        assertArrayEquals(expected.updater(), actual.updater(), what + "updater state");
    }

    @Test
    void partsGiveTheSameStatesBitForBitAsWholeChunksAndTheJobsExchange() {
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        NetworkState initial = blueprint.newTrainable().state();
        int values = initial.params().length + initial.updater().length;
        for (int workers : new int[] {2, 3, 7}) {
            TrainingData data = ExchangeFixtures.data(150, 11, workers);
            try {
                NetworkState jobs = ExchangeFixtures.train(jsc, data, blueprint,
                    new TrainingSettings(workers, 4, 2, 2, 11, 0, 1), 2, new ArrayList<>(), new ArrayList<>());
                // more parts than the largest chunk has values: one value per part, some chunks end in an empty part
                int beyondValues = values / workers + 5;
                for (int parts : new int[] {1, 3, beyondValues}) {
                    List<RoundStats> stats = new ArrayList<>();
                    NetworkState pipelined = ExchangeFixtures.train(jsc, data, blueprint,
                        allReduce(workers, 11, ExchangePrecision.FP32, parts), 2, stats, new ArrayList<>());
                    String what = workers + " workers, " + parts + " parts: ";
                    assertSameValues(jobs, pipelined, what);
                    assertEquals(jobs.iteration(), pipelined.iteration(), what + "iteration");
                    assertEquals(300, stats.stream().mapToLong(RoundStats::samples).sum(), what + "every record once");
                }
            } finally {
                data.release();
            }
        }
    }

    @Test
    void sixteenBitPartsGiveTheSameStatesAsSixteenBitWholeChunks() {
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        TrainingData data = ExchangeFixtures.data(90, 29, 3);
        try {
            NetworkState whole = ExchangeFixtures.train(jsc, data, blueprint, allReduce(3, 29, ExchangePrecision.BF16, 1),
                1, new ArrayList<>(), new ArrayList<>());
            NetworkState parts = ExchangeFixtures.train(jsc, data, blueprint, allReduce(3, 29, ExchangePrecision.BF16, 4),
                1, new ArrayList<>(), new ArrayList<>());
            assertSameValues(whole, parts, "");
        } finally {
            data.release();
        }
    }

    @Test
    void partsOfParameterOnlyRoundsAndARetriedStageGiveTheSameStates() {
        NetworkBlueprint blueprint = ExchangeFixtures.mlp();
        TrainingData data = ExchangeFixtures.data(64, 17, 2);
        try {
            NetworkState whole = ExchangeFixtures.train(jsc, data, blueprint, new TrainingSettings(2, 8, 1, 2, 17, 0, 1,
                RoundExchange.ALLREDUCE, 0, ExchangePrecision.FP32, 3, 1), 1, new ArrayList<>(), new ArrayList<>());
            List<RoundStats> stats = new ArrayList<>();
            NetworkState parts = ExchangeFixtures.train(jsc, data, ExchangeFixtures.failingOnce(blueprint, 3),
                new TrainingSettings(2, 8, 1, 2, 17, 0, 1, RoundExchange.ALLREDUCE, 0, ExchangePrecision.FP32, 3, 5),
                1, stats, new ArrayList<>());
            assertSameValues(whole, parts, "");
            assertEquals(64, stats.stream().mapToLong(RoundStats::samples).sum(), "every record once");
        } finally {
            data.release();
        }
    }

    /*
     * An extra part costs one more frame each way per peer: a 4-byte length, the type byte, the epoch and round (8)
     * and the value count (4), 17 bytes, plus a 16-byte GCM tag when the cut adds a 32 KB record: 17 to 33 bytes.
     */
    @Test
    void eachExtraPartCostsAFewBytesPerFrameAndAWorkerStaysNearTheIdealBytes() {
        int floats = 200_000;
        int parts = 8;
        long stateBytes = 4L * floats;
        for (int workers : new int[] {2, 3, 7}) {
            TrainingData data = ExchangeFixtures.data(workers * 8, 19, workers);
            try {
                long[] sent = new long[2];
                long[] received = new long[2];
                for (int run = 0; run < 2; run++) {
                    List<ExchangeTraffic> traffic = new ArrayList<>();
                    ExchangeFixtures.train(jsc, data, new ExchangeFixtures.NoOpBlueprint(floats),
                        new TrainingSettings(workers, 1, 1, 2, 19, 0, 1, RoundExchange.ALLREDUCE, 0,
                            ExchangePrecision.FP32, 1, run == 0 ? 1 : parts), 1, new ArrayList<>(), traffic);
                    ExchangeTraffic middle = traffic.get(2);
                    assertEquals(1, middle.peerRound());
                    sent[run] = middle.peerSentBytes();
                    received[run] = middle.peerReceivedBytes();
                }
                long extraFrames = 2L * (parts - 1) * (workers - 1);
                double perFrame = (double) (sent[1] - sent[0]) / extraFrames;
                double ideal = 2.0 * (workers - 1) / workers * stateBytes;
                LoggerFactory.getLogger(PipelinedAllReduceTest.class).info("all-reduce W={} S={} bytes, {} parts: a "
                    + "worker sent {} bytes in round 2 ({} with whole chunks, ideal {}): {} bytes per extra frame",
                    workers, stateBytes, parts, sent[1], sent[0], Math.round(ideal), perFrame);
                assertTrue(perFrame >= 17 && perFrame <= 33, workers + " workers: " + perFrame + " bytes per frame");
                assertTrue((double) (received[1] - received[0]) / extraFrames <= 33, workers + " workers received");
                for (long bytes : new long[] {sent[1], received[1]}) {
                    assertTrue(bytes >= ideal && bytes <= ideal * 1.01, workers + " workers: " + bytes + " bytes, ideal "
                        + ideal);
                }
            } finally {
                data.release();
            }
        }
    }

    @Test
    void partsCoverEachChunkInOrderAndNeverOutnumberItsValues() {
        StateWire wire = new StateWire(new StateCodec(10, 7), ExchangePrecision.FP32);
        StateChunks three = new StateChunks(wire, 3, 4);
        assertEquals(4, three.parts());
        for (int chunk = 0; chunk < 3; chunk++) {
            int next = three.from(chunk);
            for (int part = 0; part < 4; part++) {
                assertEquals(next, three.from(chunk, part), "chunk " + chunk + " part " + part);
                assertTrue(three.size(chunk, part) <= 2, "chunk " + chunk + " part " + part);
                next += three.size(chunk, part);
            }
            assertEquals(three.from(chunk + 1), next, "chunk " + chunk);
        }
        assertEquals(wire.valuesBytes(2), three.maxBytes());
        StateChunks capped = new StateChunks(wire, 3, 1000);
        assertEquals(6, capped.parts(), "the largest chunk has 6 values");
        assertEquals(wire.valuesBytes(1), capped.maxBytes());
        assertEquals(wire.valuesBytes(6), new StateChunks(wire, 3).maxBytes());
    }

    @Test
    void fewerThanOnePartOrPartsWithoutTheAllReduceAreUsageErrors() {
        UsageException zero = assertThrows(UsageException.class, () -> allReduce(2, 1, ExchangePrecision.FP32, 0));
        assertEquals("--allreduce-pipeline: must be at least 1, got 0", zero.getMessage());
        UsageException live = assertThrows(UsageException.class, () -> new TrainingSettings(2, 4, 1, 2, 1, 0, 1,
            RoundExchange.LIVE, 0, ExchangePrecision.FP32, 1, 4));
        assertEquals("--allreduce-pipeline: 4 needs --exchange allreduce (with live no worker averages chunks)",
            live.getMessage());
        assertEquals(1, new TrainingSettings(2, 4, 1, 2, 1, 0, 1, RoundExchange.ALLREDUCE, 0, ExchangePrecision.FP32, 1)
            .allReducePipeline());
    }
}
