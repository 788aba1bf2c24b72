package io.dlspark.core.train;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch normalisation under parameter averaging. The rule: the running mean and variance are entries of DL4J's flat
 * parameter vector (resnet models keep the variance, not its log), so a round's average makes each the
 * sample-weighted mean of the workers' running statistics, like every other parameter; inference then normalises
 * with those averaged statistics, never with the batch's.
 */
class BatchNormAveragingTest {
    private static final ImageShape SHAPE = new ImageShape(12, 12, 1);
    private static final int CLASSES = 3;

    @Test
    void averagedRunningStatisticsAreTheSampleWeightedMeanOfTheWorkersAndInferenceUsesThem() {
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        ComputationGraph start = (ComputationGraph) spec.build(new ModelInput.ImageInput(SHAPE), CLASSES,
            new OptimizerConfig("sgd", 0.05), 3);
        NetworkBlueprint blueprint = NetworkBlueprint.of(start);
        NetworkState initial = NetworkState.of(start);
        RoundFitter fitter = new RoundFitter(new EpochPlan(17, 8, 2), new MinibatchAssembler(SHAPE, CLASSES, true));
        // Worker 0 has 12 dark records (one full and one short minibatch), worker 1 has 40 bright ones (two full).
        PartitionData dark = images(0, 12, 0, 100, 1);
        PartitionData bright = images(1, 40, 120, 255, 2);
        ComputationGraph worker0 = (ComputationGraph) blueprint.build();
        ComputationGraph worker1 = (ComputationGraph) blueprint.build();
        RoundSum sum0 = fitter.fit(new SingleNetwork(worker0), initial, dark, 0, 0, null);
        RoundSum sum1 = fitter.fit(new SingleNetwork(worker1), initial, bright, 0, 0, null);
        assertEquals(12, sum0.samples());
        assertEquals(16, sum1.samples());

        NetworkState averaged = sum0.merge(sum1).average(initial);
        ComputationGraph model = (ComputationGraph) blueprint.build();
        averaged.applyTo(model);

        List<String> batchNorms = batchNormLayers(model);
        assertEquals(9, batchNorms.size());
        for (String name : batchNorms) {
            for (String statistic : List.of("mean", "var")) {
                INDArray w0 = worker0.getLayer(name).getParam(statistic);
                INDArray w1 = worker1.getLayer(name).getParam(statistic);
                assertFalse(w0.equalsWithEps(w1, 1e-3), name + " " + statistic + ": the workers' statistics differ");
                INDArray expected = w0.mul(12.0 / 28).addi(w1.mul(16.0 / 28));
                INDArray actual = model.getLayer(name).getParam(statistic);
                assertTrue(expected.equalsWithEps(actual, 1e-5 * Math.max(1, expected.amaxNumber().doubleValue())),
                    name + " " + statistic + ": expected " + expected + " but averaged " + actual);
            }
        }

        // Inference normalises with the running statistics: one record alone gives what it gives inside a batch,
        // and shifting a running mean changes the output.
        DataSet batch = new MinibatchAssembler(SHAPE, CLASSES, true).assemble(bright, AugmentedBatch.identity(8), 0, 8);
        INDArray together = Networks.output(model, batch.getFeatures());
        INDArray alone = Networks.output(model, batch.getFeatures().get(NDArrayIndex.interval(0, 1)));
        assertTrue(together.getRow(0, true).equalsWithEps(alone, 1e-5), together.getRow(0, true) + " vs " + alone);
        model.getLayer("stem-bn").getParam("mean").addi(0.5);
        INDArray shifted = Networks.output(model, batch.getFeatures());
        assertTrue(together.sub(shifted).amaxNumber().doubleValue() > 1e-3, "the running mean is not used");
    }

    private static List<String> batchNormLayers(ComputationGraph graph) {
        List<String> names = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                names.add(layer.conf().getLayer().getLayerName());
            }
        }
        return names;
    }

    /** {@code records} images with pixels uniform in [low, high] and random labels. */
    private static PartitionData images(int worker, int records, int low, int high, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[records * SHAPE.size()];
        int[] labels = new int[records];
        long[] keys = new long[records];
        for (int i = 0; i < records; i++) {
            labels[i] = random.nextInt(CLASSES);
            keys[i] = worker * 1000L + i;
            for (int p = 0; p < SHAPE.size(); p++) {
                pixels[i * SHAPE.size() + p] = (byte) (low + random.nextInt(high - low + 1));
            }
        }
        return new PartitionData(worker, pixels, labels, keys, SHAPE.size());
    }
}
