package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.feed.TrainingData;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round timeouts: with {@code --round-timeout 0} a barrier exchange (live, allreduce) still ends a round whose worker
 * never answers; with a timeout, {@code jobs} cancels the round and keeps aggregating by tree.
 */
class RoundTimeoutTest {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @AfterAll
    static void release() {
        RELEASE.countDown();
    }

    @Test
    void aHungWorkerEndsTheRunAtTheDefaultRoundTimeoutOfEitherBarrierExchange() {
        for (RoundExchange exchange : List.of(RoundExchange.LIVE, RoundExchange.ALLREDUCE)) {
            TrainingData data = data(2);
            TrainingSettings settings = new TrainingSettings(2, 8, 2, 2, 3, 0, 1, exchange);
            LiveRounds live = new LiveRounds(jsc(), settings, hanging(network()), fitter(), null, 1);
            try {
                NetworkState start = NetworkState.of(network().build());
                DataException e = assertThrows(DataException.class, () -> live.round(data, start, 0, 0, 2));
                assertTrue(e.getMessage().startsWith("round 1 of epoch 1 did not finish within the " + exchange.option()
                    + " exchange's default round timeout of 1 s"), e.getMessage());
            } finally {
                live.close();
                data.release();
            }
        }
    }

    @Test
    void aHungWorkerHitsTheJobsRoundTimeout() {
        TrainingData data = data(2);
        TrainingSettings settings = new TrainingSettings(2, 8, 2, 2, 3, 1, 1);
        try (ParameterAveragingMaster master = new ParameterAveragingMaster(jsc(), settings,
            hanging(network()), ExchangeFixtures.ASSEMBLER)) {
            NetworkState start = NetworkState.of(network().build());
            DataException e = assertThrows(DataException.class, () -> master.round(data, start, 0, 0, s -> { }));
            assertTrue(e.getMessage().startsWith("round 1 of epoch 1 did not finish within --round-timeout 1 s"),
                e.getMessage());
        } finally {
            data.release();
        }
    }

    @Test
    void jobsWithARoundTimeoutStillAggregatesByTree() throws Exception {
        int workers = 7;
        TrainingData data = data(workers);
        JavaSparkContext jsc = jsc();
        StageCounter stages = new StageCounter();
        TrainingSettings settings = new TrainingSettings(workers, 2, 1, 2, 3, 600, 1);
        try (ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, network(),
            ExchangeFixtures.ASSEMBLER)) {
            NetworkState start = NetworkState.of(network().build());
            jsc.sc().listenerBus().waitUntilEmpty();
            jsc.sc().addSparkListener(stages);
            master.round(data, start, 0, 0, s -> { });
            jsc.sc().listenerBus().waitUntilEmpty();
        } finally {
            jsc.sc().removeSparkListener(stages);
            data.release();
        }
        assertEquals(1, stages.jobs.size(), "one job per round: " + stages.jobs);
        List<Integer> jobStages = stages.jobs.get(0);
        assertTrue(jobStages.size() >= 2, "a tree level adds a stage: " + jobStages);
        int resultTasks = stages.tasks.get(jobStages.stream().max(Integer::compare).orElseThrow());
        assertTrue(resultTasks <= 3, "the driver receives at most ceil(7/3) partial sums, not " + resultTasks);
    }

    /** The stages of each job started while listening, and each stage's task count. */
    private static final class StageCounter extends SparkListener {
        final List<List<Integer>> jobs = new ArrayList<>();
        final Map<Integer, Integer> tasks = new HashMap<>();

        @Override
        public synchronized void onJobStart(SparkListenerJobStart event) {
            jobs.add(CollectionConverters.asJava(event.stageIds()).stream().map(id -> (Integer) id).toList());
            CollectionConverters.asJava(event.stageInfos()).forEach(info -> tasks.put(info.stageId(), info.numTasks()));
        }
    }

    private static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    }

    private static TrainingData data(int workers) {
        return ExchangeFixtures.data(32, 3, workers);
    }

    private static NetworkBlueprint network() {
        return ExchangeFixtures.mlp();
    }

    private static RoundFitter fitter() {
        return new RoundFitter(new EpochPlan(3, 8, 2), ExchangeFixtures.ASSEMBLER);
    }

    /** Trainables whose fit waits until the test ends: a worker that never answers. */
    private static ExchangeFixtures.HookedBlueprint hanging(NetworkBlueprint network) {
        return new ExchangeFixtures.HookedBlueprint(network, fit -> {
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
