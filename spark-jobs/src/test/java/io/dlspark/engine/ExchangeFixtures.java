package io.dlspark.engine;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
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
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Data, networks and a training loop shared by the exchange tests and the scaling benchmark. */
public final class ExchangeFixtures {
    public static final ImageShape SHAPE = new ImageShape(6, 6, 1);
    public static final int CLASSES = 3;
    public static final MinibatchAssembler ASSEMBLER = new MinibatchAssembler(SHAPE, CLASSES, false);

    private ExchangeFixtures() {
    }

    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    }

    /** {@code count} labelled images from {@code seed}, loaded into {@code workers} partitions of the test session. */
    public static TrainingData data(int count, long seed, int workers) {
        return data(SparkTestSession.get(), count, seed, workers);
    }

    /** {@code count} labelled images from {@code seed}, loaded into {@code workers} partitions of {@code spark}. */
    public static TrainingData data(SparkSession spark, int count, long seed, int workers) {
        return data(spark, count, seed, workers, SHAPE, (p, label) -> p % CLASSES == label);
    }

    /**
     * {@code count} labelled images of {@code shape} from {@code seed}, in {@code workers} partitions of
     * {@code spark}: label c is bright in the c-th horizontal band, which a convolutional net can tell apart.
     */
    public static TrainingData bandedImages(SparkSession spark, int count, long seed, int workers, ImageShape shape) {
        int rowValues = shape.width() * shape.channels();
        return data(spark, count, seed, workers, shape, (p, label) -> p / rowValues * CLASSES / shape.height() == label);
    }

    private static TrainingData data(SparkSession spark, int count, long seed, int workers, ImageShape shape,
                                     BrightPixels bright) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            byte[] pixels = new byte[shape.size()];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) ((bright.test(p, label) ? 180 : 30) + random.nextInt(60));
            }
            rows.add(RowFactory.create(String.format("r-%04d", i), label, pixels, "test"));
        }
        return TrainingData.load(spark.createDataFrame(rows, ShardSchemas.schema(RecordFormat.IMAGE_UINT8_HWC))
            .repartition(4), workers, seed, shape.size());
    }

    public static NetworkBlueprint mlp() {
        return NetworkBlueprint.of(ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(12)))
            .build(new ModelInput.ImageInput(SHAPE), CLASSES, OptimizerConfig.adam(1e-2), 3));
    }

    /** Trains {@code epochs} epochs from the blueprint's initial state; every round's statistics and traffic are kept. */
    public static NetworkState train(JavaSparkContext jsc, TrainingData data, TrainableBlueprint blueprint,
                                     TrainingSettings settings, int epochs, List<RoundStats> stats,
                                     List<ExchangeTraffic> traffic) {
        return train(jsc, data, ASSEMBLER, blueprint, settings, epochs, stats, traffic);
    }

    /** As {@link #train(JavaSparkContext, TrainingData, TrainableBlueprint, TrainingSettings, int, List, List)}, for
     * images that {@code assembler} lays out. */
    public static NetworkState train(JavaSparkContext jsc, TrainingData data, MinibatchAssembler assembler,
                                     TrainableBlueprint blueprint, TrainingSettings settings, int epochs,
                                     List<RoundStats> stats, List<ExchangeTraffic> traffic) {
        ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, blueprint, assembler);
        try {
            NetworkState state = blueprint.newTrainable().state();
            for (int epoch = 0; epoch < epochs; epoch++) {
                state = state.withCounters(state.iteration(), epoch);
                for (int round = 0; round < master.rounds(data); round++) {
                    state = master.round(data, state, epoch, round, stats::add);
                    traffic.add(master.lastTraffic());
                }
            }
            return state;
        } finally {
            master.release();
        }
    }

    /**
     * Trainables of {@code floats} parameters whose fit only adds the minibatch size to one value: the exchange
     * without the compute, as the scaling benchmark measures it.
     */
    public record NoOpBlueprint(int floats) implements TrainableBlueprint {
        @Override
        public Trainable newTrainable() {
            float[] values = new float[floats];
            for (int i = 0; i < floats; i++) {
                values[i] = i % 97;
            }
            return new Trainable() {
                private float[] current = values;

                @Override
                public NetworkState state() {
                    return new NetworkState(current.clone(), new float[0], 0, 0);
                }

                @Override
                public void apply(NetworkState state) {
                    current = state.params().clone();
                }

                @Override
                public double[] fit(DataSet batch, long seed) {
                    int rows = batch.numExamples();
                    current[(int) Math.floorMod(seed, (long) current.length)] += rows;
                    return new double[] {0};
                }

                @Override
                public double[] losses(DataSet batch, long seed) {
                    return new double[] {0};
                }

                @Override
                public List<String> lossNames() {
                    return List.of("loss");
                }
            };
        }
    }

    /** {@code blueprint}'s networks, failing their {@code fit}-th fit in the first attempt of each stage. */
    public static HookedBlueprint failingOnce(NetworkBlueprint blueprint, int fit) {
        return new HookedBlueprint(blueprint, count -> {
            if (count == fit && org.apache.spark.TaskContext.get().stageAttemptNumber() == 0) {
                throw new IllegalStateException("injected failure");
            }
        });
    }

    /** Trainables of {@code network} whose fits first run {@code hook}: a worker failing or hanging on purpose. */
    public record HookedBlueprint(NetworkBlueprint network, FitHook hook) implements TrainableBlueprint {
        @Override
        public Trainable newTrainable() {
            SingleNetwork inner = new SingleNetwork(network.build());
            int[] fits = {0};
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
                    hook.beforeFit(++fits[0]);
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

    /** Which pixel values (by index in HWC order) are bright in an image of a label. */
    @FunctionalInterface
    private interface BrightPixels {
        boolean test(int pixel, int label);
    }

    /** Runs before the {@code fit}-th fit (from 1) of one trainable. */
    @FunctionalInterface
    public interface FitHook extends java.io.Serializable {
        void beforeFit(int fit);
    }
}
