package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.SingleNetwork;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.feed.TrainingData;
import io.dlspark.shards.ShardSchemas;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterAll;
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
    private static final ImageShape SHAPE = new ImageShape(4, 4, 1);
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
            LiveRounds live = new LiveRounds(jsc(), settings, new HangingBlueprint(network()), fitter(), null, 1);
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
            new HangingBlueprint(network()), new MinibatchAssembler(SHAPE, 2, false))) {
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
            new MinibatchAssembler(SHAPE, 2, false))) {
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
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            rows.add(RowFactory.create(String.format("r-%03d", i), i % 2, new byte[SHAPE.size()], "test"));
        }
        return TrainingData.load(spark.createDataFrame(rows, ShardSchemas.schema(RecordFormat.IMAGE_UINT8_HWC)),
            workers, 3, SHAPE.size());
    }

    private static NetworkBlueprint network() {
        return NetworkBlueprint.of(ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(4)))
            .build(new ModelInput.ImageInput(SHAPE), 2, OptimizerConfig.adam(1e-2), 3));
    }

    private static RoundFitter fitter() {
        return new RoundFitter(new EpochPlan(3, 8, 2), new MinibatchAssembler(SHAPE, 2, false));
    }

    /** Trainables whose fit waits until the test ends: a worker that never answers. */
    private record HangingBlueprint(NetworkBlueprint network) implements TrainableBlueprint {
        @Override
        public Trainable newTrainable() {
            SingleNetwork inner = new SingleNetwork(network.build());
            return new Trainable() {
                @Override
                public NetworkState state() {
                    return inner.state();
                }

                @Override
                public void apply(NetworkState state) {
                    inner.apply(state);
                }

                @Override
                public double[] fit(DataSet batch, long seed) {
                    try {
                        RELEASE.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return inner.fit(batch, seed);
                }

                @Override
                public double[] losses(DataSet batch, long seed) {
                    return inner.losses(batch, seed);
                }

                @Override
                public List<String> lossNames() {
                    return inner.lossNames();
                }
            };
        }
    }
}
