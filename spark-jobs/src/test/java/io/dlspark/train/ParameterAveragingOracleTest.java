package io.dlspark.train;

import com.typesafe.config.ConfigFactory;
import io.dlspark.augment.AugmentConfigs;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.train.AugmentedBatch;
import io.dlspark.core.train.EpochPlan;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.engine.RoundExchange;
import io.dlspark.engine.RoundStats;
import io.dlspark.engine.TrainingSettings;
import io.dlspark.feed.TrainingData;
import io.dlspark.shards.ShardSchemas;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training master against single-machine DL4J: the correctness oracles of the training issue. */
class ParameterAveragingOracleTest {
    private static final ImageShape SHAPE = new ImageShape(6, 6, 1);
    private static final int CLASSES = 3;
    private static final MinibatchAssembler ASSEMBLER = new MinibatchAssembler(SHAPE, CLASSES, false);
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @Test
    void oneWorkerEqualsSingleMachineFitOnTheSameMinibatches() {
        for (RoundExchange exchange : RoundExchange.values()) {
            oneWorkerEqualsSingleMachineFit(exchange);
        }
    }

    private void oneWorkerEqualsSingleMachineFit(RoundExchange exchange) {
        List<Row> rows = rows(90, 1);
        NetworkBlueprint blueprint = blueprint(OptimizerConfig.adam(1e-2));
        TrainingSettings settings = new TrainingSettings(1, 8, 3, 2, 17, 0, 1, exchange);
        NetworkState distributed = train(rows, blueprint, settings, 2, new ArrayList<>());

        NeuralNetwork oracle = blueprint.build();
        PartitionData all = pack(rows, 0, r -> true);
        EpochPlan plan = new EpochPlan(settings.seed(), settings.batchSize(), settings.averagingFrequency());
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] order = plan.order(all.size(), epoch, 0);
            for (int from = 0; from < all.size(); from += settings.batchSize()) {
                oracle.fit(ASSEMBLER.assemble(all, order, from, Math.min(from + settings.batchSize(), all.size())));
            }
        }
        assertClose(oracle.params().toFloatVector(), distributed.params(), 1e-5);
        assertClose(NetworkState.of(oracle).updater(), distributed.updater(), 1e-5);
    }

    @Test
    void manyWorkersWithPlainSgdAndKOneEqualSgdOnTheCombinedMinibatch() {
        List<Row> rows = rows(75, 2);
        NetworkBlueprint blueprint = blueprint(new OptimizerConfig("sgd", 0.1));
        int workers = 3;
        TrainingSettings settings = new TrainingSettings(workers, 4, 1, 2, 5, 0, 1);
        NetworkState distributed = train(rows, blueprint, settings, 1, new ArrayList<>());

        EpochPlan plan = new EpochPlan(settings.seed(), settings.batchSize(), 1);
        List<PartitionData> parts = IntStream.range(0, workers)
            .mapToObj(w -> pack(rows, w, id -> TrainingData.workerOf(id, settings.seed(), workers) == w)).toList();
        NeuralNetwork oracle = blueprint.build();
        int rounds = plan.rounds(parts.stream().mapToInt(PartitionData::size).toArray());
        for (int round = 0; round < rounds; round++) {
            List<DataSet> pieces = new ArrayList<>();
            for (PartitionData part : parts) {
                int from = round * settings.batchSize();
                if (from < part.size()) {
                    pieces.add(ASSEMBLER.assemble(part, plan.order(part.size(), 0, part.worker()), from,
                        Math.min(from + settings.batchSize(), part.size())));
                }
            }
            oracle.fit(DataSet.merge(pieces));
        }
        assertClose(oracle.params().toFloatVector(), distributed.params(), 1e-5);
    }

    @Test
    void averagedUpdaterStateIsTheSampleWeightedMeanOfTheWorkers() {
        List<Row> rows = rows(60, 3);
        NetworkBlueprint blueprint = blueprint(OptimizerConfig.adam(1e-2));
        int workers = 2;
        TrainingSettings settings = new TrainingSettings(workers, 5, 2, 1, 9, 0, 1);
        TrainingData data = TrainingData.load(frame(rows), workers, settings.seed(), SHAPE.size());
        NetworkState start = NetworkState.of(blueprint.build());
        ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, blueprint, ASSEMBLER);
        NetworkState averaged = master.round(data, start, 0, 0, s -> { });
        data.release();

        EpochPlan plan = master.plan();
        double[] params = new double[start.params().length];
        double[] updater = new double[start.updater().length];
        long total = 0;
        for (int w = 0; w < workers; w++) {
            int worker = w;
            PartitionData part = pack(rows, w, id -> TrainingData.workerOf(id, settings.seed(), workers) == worker);
            NeuralNetwork net = blueprint.build();
            start.applyTo(net);
            int[] order = plan.order(part.size(), 0, w);
            int samples = Math.min(part.size(), settings.batchSize() * settings.averagingFrequency());
            for (int from = 0; from < samples; from += settings.batchSize()) {
                net.fit(ASSEMBLER.assemble(part, order, from, Math.min(from + settings.batchSize(), samples)));
            }
            NetworkState state = NetworkState.of(net);
            for (int i = 0; i < params.length; i++) {
                params[i] += (double) state.params()[i] * samples;
            }
            for (int i = 0; i < updater.length; i++) {
                updater[i] += (double) state.updater()[i] * samples;
            }
            total += samples;
        }
        assertTrue(updater.length > 0, "Adam keeps updater state");
        float[] meanUpdater = new float[updater.length];
        float[] meanParams = new float[params.length];
        for (int i = 0; i < updater.length; i++) {
            meanUpdater[i] = (float) (updater[i] / total);
        }
        for (int i = 0; i < params.length; i++) {
            meanParams[i] = (float) (params[i] / total);
        }
        assertClose(meanUpdater, averaged.updater(), 1e-6);
        assertClose(meanParams, averaged.params(), 1e-6);
        assertEquals(start.iteration() + settings.averagingFrequency(), averaged.iteration());
    }

    @Test
    void everyRecordIsFittedExactlyOncePerEpochWithUnevenPartitions() {
        List<Row> rows = rows(103, 4);
        TrainingSettings settings = new TrainingSettings(3, 8, 2, 2, 23, 0, 1);
        List<RoundStats> stats = new ArrayList<>();
        train(rows, blueprint(OptimizerConfig.adam(1e-3)), settings, 2, stats);
        for (int epoch = 0; epoch < 2; epoch++) {
            int e = epoch;
            assertEquals(103, stats.stream().filter(s -> s.epoch() == e).mapToLong(RoundStats::samples).sum(), "epoch " + e);
        }
        TrainingData data = TrainingData.load(frame(rows), 3, 23, SHAPE.size());
        int[] sizes = data.sizes();
        data.release();
        assertTrue(sizes[0] != sizes[1] || sizes[1] != sizes[2], "partitions should be uneven: " + java.util.Arrays.toString(sizes));
    }

    @Test
    void theLiveExchangeGivesBitIdenticalStatesToOneJobPerRound() {
        List<Row> rows = rows(103, 7);
        NetworkBlueprint blueprint = blueprint(OptimizerConfig.adam(1e-2));
        NetworkState jobs = train(rows, blueprint, new TrainingSettings(2, 8, 2, 2, 29, 0, 1), 2, new ArrayList<>());
        List<RoundStats> stats = new ArrayList<>();
        NetworkState live = train(rows, blueprint, new TrainingSettings(2, 8, 2, 2, 29, 0, 1, RoundExchange.LIVE), 2, stats);
        assertArrayEquals(jobs.params(), live.params());
        assertArrayEquals(jobs.updater(), live.updater());
        assertEquals(jobs.iteration(), live.iteration());
        for (int epoch = 0; epoch < 2; epoch++) {
            int e = epoch;
            assertEquals(103, stats.stream().filter(s -> s.epoch() == e).mapToLong(RoundStats::samples).sum(), "epoch " + e);
        }
    }

    @Test
    void aLiveWorkerThatFailsOnceIsRetriedWithTheStageAndTheResultIsUnchanged() {
        List<Row> rows = rows(64, 8);
        NetworkBlueprint blueprint = blueprint(OptimizerConfig.adam(1e-2));
        NetworkState jobs = train(rows, blueprint, new TrainingSettings(2, 8, 2, 2, 31, 0, 1), 1, new ArrayList<>());
        NetworkState live = train(rows, new FailingBlueprint(blueprint, 3, true),
            new TrainingSettings(2, 8, 2, 2, 31, 0, 1, RoundExchange.LIVE), 1, new ArrayList<>());
        assertArrayEquals(jobs.params(), live.params());
        assertArrayEquals(jobs.updater(), live.updater());
    }

    @Test
    void aLiveWorkerThatKeepsFailingEndsTheRunNamingTheRound() {
        List<Row> rows = rows(64, 9);
        TrainingSettings settings = new TrainingSettings(2, 8, 2, 2, 37, 0, 1, RoundExchange.LIVE);
        io.dlspark.core.DataException e = org.junit.jupiter.api.Assertions.assertThrows(io.dlspark.core.DataException.class,
            () -> train(rows, new FailingBlueprint(blueprint(OptimizerConfig.adam(1e-2)), 3, false), settings, 1,
                new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("round 2 of epoch 1 failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
    }

    /** Builds trainables whose fits from the {@code failingFit}-th on throw (on the first stage attempt only, or always). */
    private record FailingBlueprint(NetworkBlueprint network, int failingFit, boolean firstAttemptOnly)
        implements io.dlspark.core.train.TrainableBlueprint {
        @Override
        public io.dlspark.core.train.Trainable newTrainable() {
            io.dlspark.core.train.SingleNetwork inner = new io.dlspark.core.train.SingleNetwork(network.build());
            int[] fits = {0};
            return new io.dlspark.core.train.Trainable() {
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
                    boolean firstAttempt = org.apache.spark.TaskContext.get().stageAttemptNumber() == 0;
                    if (++fits[0] >= failingFit && (firstAttempt || !firstAttemptOnly)) {
                        throw new IllegalStateException("injected failure");
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

    @Test
    void onlineAugmentationGivesEveryRecordTheSameBytesWhateverTheWorkerCount() {
        List<Row> rows = rows(64, 5);
        ImagePipeline pipeline = augmentation();
        for (int epoch = 0; epoch < 2; epoch++) {
            Map<Long, byte[]> oracle = new HashMap<>();
            for (Row row : rows) {
                oracle.put(RecordSeeds.recordKey(row.getString(0)), pipeline.apply((byte[]) row.get(2), row.getString(0), epoch));
            }
            for (int workers : new int[] {1, 2, 7}) {
                TrainingData data = TrainingData.load(frame(rows), workers, 13, SHAPE.size());
                Broadcast<ImagePipeline> published = jsc.broadcast(pipeline);
                int e = epoch;
                List<Tuple2<Long, byte[]>> augmented = data.partitions().flatMap(part -> {
                    PartitionData batch = AugmentedBatch.of(part, AugmentedBatch.identity(part.size()), 0, part.size(),
                        published.value(), e);
                    List<Tuple2<Long, byte[]>> out = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        out.add(new Tuple2<>(batch.recordKeys()[i],
                            Arrays.copyOfRange(batch.pixels(), i * SHAPE.size(), (i + 1) * SHAPE.size())));
                    }
                    return out.iterator();
                }).collect();
                published.destroy();
                data.release();
                assertEquals(rows.size(), augmented.size(), workers + " workers");
                for (Tuple2<Long, byte[]> record : augmented) {
                    assertArrayEquals(oracle.get(record._1()), record._2(), workers + " workers, epoch " + epoch);
                }
            }
        }
        long changedBetweenEpochs = rows.stream().filter(row -> !Arrays.equals(
            pipeline.apply((byte[]) row.get(2), row.getString(0), 0), pipeline.apply((byte[]) row.get(2), row.getString(0), 1)))
            .count();
        assertTrue(changedBetweenEpochs > 40, "a fresh augmentation each epoch: " + changedBetweenEpochs + " of 64 differ");
    }

    @Test
    void oneWorkerWithOnlineAugmentationEqualsSingleMachineFitOnAugmentedMinibatches() {
        List<Row> rows = rows(60, 6);
        ImagePipeline pipeline = augmentation();
        NetworkBlueprint blueprint = blueprint(OptimizerConfig.adam(1e-2));
        TrainingSettings settings = new TrainingSettings(1, 8, 3, 2, 19, 0, 1);
        NetworkState distributed = train(rows, blueprint, settings, 2, new ArrayList<>(), pipeline);
        NetworkState plain = train(rows, blueprint, settings, 2, new ArrayList<>(), null);

        NeuralNetwork oracle = blueprint.build();
        EpochPlan plan = new EpochPlan(settings.seed(), settings.batchSize(), settings.averagingFrequency());
        for (int epoch = 0; epoch < 2; epoch++) {
            int e = epoch;
            List<Row> augmented = rows.stream().map(r -> RowFactory.create(r.getString(0), r.getInt(1),
                pipeline.apply((byte[]) r.get(2), r.getString(0), e), r.getString(3))).toList();
            PartitionData all = pack(augmented, 0, r -> true);
            int[] order = plan.order(all.size(), epoch, 0);
            for (int from = 0; from < all.size(); from += settings.batchSize()) {
                oracle.fit(ASSEMBLER.assemble(all, order, from, Math.min(from + settings.batchSize(), all.size())));
            }
        }
        assertClose(oracle.params().toFloatVector(), distributed.params(), 1e-5);
        double difference = 0;
        for (int i = 0; i < plain.params().length; i++) {
            difference = Math.max(difference, Math.abs(plain.params()[i] - distributed.params()[i]));
        }
        assertTrue(difference > 1e-3, "augmentation changes training: max parameter difference " + difference);
    }

    private static ImagePipeline augmentation() {
        return ImagePipeline.create(AugmentConfigs.parse(ConfigFactory.parseString("""
            augment {
              records = image, seed = 7
              ops = [
                { op = flip-horizontal, p = 0.5 }
                { op = crop, p = 0.8, size = 6, padding = 1 }
                { op = rotate, p = 0.5, degrees = 20 }
                { op = erase, p = 0.5 }
              ]
            }"""), "test"), SHAPE);
    }

    private NetworkState train(List<Row> rows, io.dlspark.core.train.TrainableBlueprint blueprint, TrainingSettings settings,
                               int epochs, List<RoundStats> stats) {
        return train(rows, blueprint, settings, epochs, stats, null);
    }

    private NetworkState train(List<Row> rows, io.dlspark.core.train.TrainableBlueprint blueprint, TrainingSettings settings,
                               int epochs, List<RoundStats> stats, RecordAugmenter augmenter) {
        TrainingData data = TrainingData.load(frame(rows), settings.workers(), settings.seed(), SHAPE.size());
        ParameterAveragingMaster master = new ParameterAveragingMaster(jsc, settings, blueprint, ASSEMBLER, augmenter);
        NetworkState state = blueprint.newTrainable().state();
        for (int epoch = 0; epoch < epochs; epoch++) {
            state = state.withCounters(state.iteration(), epoch);
            for (int round = 0; round < master.rounds(data); round++) {
                state = master.round(data, state, epoch, round, stats::add);
            }
        }
        data.release();
        master.release();
        return state;
    }

    private static NetworkBlueprint blueprint(OptimizerConfig optimizer) {
        return NetworkBlueprint.of(ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(12)))
            .build(new ModelInput.ImageInput(SHAPE), CLASSES, optimizer, 3));
    }

    private static List<Row> rows(int count, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            byte[] pixels = new byte[SHAPE.size()];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) ((p % CLASSES == label ? 180 : 30) + random.nextInt(60));
            }
            rows.add(RowFactory.create(String.format("r-%04d", i), label, pixels, "test"));
        }
        return rows;
    }

    private static Dataset<Row> frame(List<Row> rows) {
        return spark.createDataFrame(rows, ShardSchemas.schema(RecordFormat.IMAGE_UINT8_HWC)).repartition(4);
    }

    private static PartitionData pack(List<Row> rows, int worker, java.util.function.Predicate<String> keep) {
        List<Row> mine = rows.stream().filter(r -> keep.test(r.getString(0)))
            .sorted(Comparator.comparing(r -> r.getString(0))).toList();
        byte[] pixels = new byte[mine.size() * SHAPE.size()];
        int[] labels = new int[mine.size()];
        long[] keys = new long[mine.size()];
        for (int i = 0; i < mine.size(); i++) {
            System.arraycopy((byte[]) mine.get(i).get(2), 0, pixels, i * SHAPE.size(), SHAPE.size());
            labels[i] = mine.get(i).getInt(1);
            keys[i] = RecordSeeds.recordKey(mine.get(i).getString(0));
        }
        return new PartitionData(worker, pixels, labels, keys, SHAPE.size());
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, "max abs difference " + worst + " > " + tolerance);
    }
}
