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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code --round-timeout 0}, a live exchange still ends a round whose worker never answers. */
class LiveRoundsTimeoutTest {
    private static final ImageShape SHAPE = new ImageShape(4, 4, 1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void aHungWorkerEndsTheRunAtTheDefaultRoundTimeoutWhenNoneIsSet() {
        SparkSession spark = SparkTestSession.get();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            rows.add(RowFactory.create(String.format("r-%03d", i), i % 2, new byte[SHAPE.size()], "test"));
        }
        TrainingData data = TrainingData.load(spark.createDataFrame(rows, ShardSchemas.schema(RecordFormat.IMAGE_UINT8_HWC)),
            2, 3, SHAPE.size());
        NetworkBlueprint network = NetworkBlueprint.of(ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(4)))
            .build(new ModelInput.ImageInput(SHAPE), 2, OptimizerConfig.adam(1e-2), 3));
        TrainingSettings settings = new TrainingSettings(2, 8, 2, 2, 3, 0, 1, RoundExchange.LIVE);
        RoundFitter fitter = new RoundFitter(new EpochPlan(3, 8, 2), new MinibatchAssembler(SHAPE, 2, false));
        LiveRounds live = new LiveRounds(jsc, settings, new HangingBlueprint(network), fitter, null, 1);
        try {
            NetworkState start = NetworkState.of(network.build());
            DataException e = assertThrows(DataException.class, () -> live.round(data, start, 0, 0, 2));
            assertTrue(e.getMessage().startsWith("round 1 of epoch 1 did not finish within the live exchange's default "
                + "round timeout of 1 s"), e.getMessage());
        } finally {
            RELEASE.countDown();
            live.close();
            data.release();
        }
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
