package io.dlspark.engine;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --updater-averaging-every N} with the all-reduce: fewer bytes between updater averagings, runs repeat. */
class UpdaterAveragingTest {
    private static JavaSparkContext jsc;

    @BeforeAll
    static void session() {
        jsc = ExchangeFixtures.context();
    }

    private static TrainingSettings settings(int updaterEvery) {
        return new TrainingSettings(2, 4, 1, 2, 43, 0, 1, RoundExchange.ALLREDUCE, 0, ExchangePrecision.FP32,
            updaterEvery);
    }

    @Test
    void betweenUpdaterAveragingsOnlyParametersTravelAndRunsRepeat() {
        NetworkBlueprint blueprint = NetworkBlueprint.of(ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(400)))
            .build(new ModelInput.ImageInput(ExchangeFixtures.SHAPE), ExchangeFixtures.CLASSES, OptimizerConfig.adam(1e-2),
                3));
        NetworkState initial = blueprint.newTrainable().state();
        long params = initial.params().length;
        long values = params + initial.updater().length;
        TrainingData data = ExchangeFixtures.data(120, 43, 2);
        try {
            List<ExchangeTraffic> everyRound = new ArrayList<>();
            NetworkState averaged = ExchangeFixtures.train(jsc, data, blueprint, settings(1), 1, new ArrayList<>(),
                everyRound);
            List<ExchangeTraffic> everyThird = new ArrayList<>();
            List<RoundStats> stats = new ArrayList<>();
            NetworkState third = ExchangeFixtures.train(jsc, data, blueprint, settings(3), 1, stats, everyThird);
            NetworkState again = ExchangeFixtures.train(jsc, data, blueprint, settings(3), 1, new ArrayList<>(),
                new ArrayList<>());
            assertArrayEquals(third.params(), again.params(), "a second run's parameters");
            assertArrayEquals(third.updater(), again.updater(), "a second run's updater state");
            assertFalse(Arrays.equals(averaged.updater(), third.updater()), "keeping updater states changes training");
            assertEquals(120, stats.stream().mapToLong(RoundStats::samples).sum(), "every record once");
            // worker bytes of round i arrive with round i + 1: round 2 moved parameters only, round 3 everything
            ExchangeTraffic paramsOnly = everyThird.get(2);
            ExchangeTraffic full = everyThird.get(3);
            assertEquals(1, paramsOnly.peerRound());
            assertEquals(everyRound.get(3).peerSentBytes(), full.peerSentBytes(), "an updater round moves the whole state");
            double ratio = (double) paramsOnly.peerSentBytes() / full.peerSentBytes();
            LoggerFactory.getLogger(UpdaterAveragingTest.class).info("updater averaged every 3 rounds: a worker sent {} "
                + "bytes in a parameters-only round and {} in a full one ({} of {} values are parameters)",
                paramsOnly.peerSentBytes(), full.peerSentBytes(), params, values);
            double share = (double) params / values;
            assertTrue(ratio >= share && ratio <= share + 0.02, "parameters-only round at " + ratio + " of a full one, "
                + "parameters are " + share + " of the state");
        } finally {
            data.release();
        }
    }

    @Test
    void onlyTheAllReduceKeepsUpdaterStatesBetweenRounds() {
        UsageException live = assertThrows(UsageException.class,
            () -> new TrainingSettings(2, 4, 1, 2, 1, 0, 1, RoundExchange.LIVE, 0, ExchangePrecision.FP32, 4));
        assertEquals("--updater-averaging-every: 4 needs --exchange allreduce (with live no worker keeps an updater "
            + "state between rounds)", live.getMessage());
        assertThrows(UsageException.class,
            () -> new TrainingSettings(2, 4, 1, 2, 1, 0, 1, RoundExchange.ALLREDUCE, 0, ExchangePrecision.FP32, 0));
        assertTrue(settings(5).updaterEveryRounds() == 5);
    }
}
