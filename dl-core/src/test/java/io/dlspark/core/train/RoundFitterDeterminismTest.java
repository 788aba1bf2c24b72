package io.dlspark.core.train;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A network with dropout fits to the same parameters whichever thread runs the round and whatever that thread drew
 * from ND4J's (thread-local) random generator before: the masks come from the minibatch seeds alone.
 */
class RoundFitterDeterminismTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8, 1);

    @Test
    void dropoutFitsDependOnTheSeedsNotOnTheThreadOrItsEarlierDraws() throws Exception {
        ModelSpec spec = ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(32), "dropout", 0.5));
        PartitionData data = randomImages(96, 3);
        ExecutorService first = Executors.newSingleThreadExecutor();
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            float[] fresh = first.submit(() -> fitTwoRounds(spec, data, 0)).get();
            float[] otherThreadAfterDraws = second.submit(() -> fitTwoRounds(spec, data, 1000)).get();
            float[] sameThreadAgain = first.submit(() -> fitTwoRounds(spec, data, 7)).get();
            assertArrayEquals(fresh, otherThreadAfterDraws);
            assertArrayEquals(fresh, sameThreadAgain);
        } finally {
            first.shutdown();
            second.shutdown();
        }
        float[] otherSeed = fitTwoRounds(spec, data, 0, 99);
        assertFalse(java.util.Arrays.equals(fitTwoRounds(spec, data, 0, 5), otherSeed), "the seed does matter");
    }

    private static float[] fitTwoRounds(ModelSpec spec, PartitionData data, int earlierDraws) {
        return fitTwoRounds(spec, data, earlierDraws, 5);
    }

    private static float[] fitTwoRounds(ModelSpec spec, PartitionData data, int earlierDraws, long seed) {
        NeuralNetwork net = spec.build(new ModelInput.ImageInput(SHAPE), 4, spec.optimizer(), 11);
        // A generator state of its own for each call (explicit, so that a failure reproduces), then some draws.
        Nd4j.getRandom().setSeed(1_000_003L * (earlierDraws + 1));
        for (int i = 0; i < earlierDraws; i++) {
            Nd4j.getRandom().nextDouble();
        }
        RoundFitter fitter = new RoundFitter(new EpochPlan(seed, 16, 3), new MinibatchAssembler(SHAPE, 4, false));
        NetworkState state = NetworkState.of(net);
        for (int round = 0; round < 2; round++) {
            state = fitter.fit(new SingleNetwork(net), state, data, 0, round, null).average(state);
        }
        return state.params();
    }

    private static PartitionData randomImages(int records, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[records * SHAPE.size()];
        int[] labels = new int[records];
        long[] keys = new long[records];
        for (int i = 0; i < records; i++) {
            labels[i] = random.nextInt(4);
            keys[i] = i;
            for (int p = 0; p < SHAPE.size(); p++) {
                pixels[i * SHAPE.size() + p] = (byte) random.nextInt(256);
            }
        }
        return new PartitionData(0, pixels, labels, keys, SHAPE.size());
    }
}
