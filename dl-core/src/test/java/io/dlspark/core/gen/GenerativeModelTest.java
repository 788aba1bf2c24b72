package io.dlspark.core.gen;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerativeModelTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8, 1);

    private static DataSet images(int n, long seed) {
        INDArray x = LatentNoise.gaussian(n, SHAPE.size(), seed);
        return new DataSet(org.nd4j.linalg.ops.transforms.Transforms.sigmoid(x, false), null);
    }

    @Test
    void anExternalErrorStepEqualsDl4jFit() {
        VaeMlpSpec spec = new VaeMlpSpec("t", 3, List.of(10), "bernoulli");
        MultiLayerNetwork fitted = ((Vae) spec.build(SHAPE, OptimizerConfig.adam(1e-2), 5)).networks().get("decoder");
        MultiLayerNetwork manual = fitted.clone();
        INDArray z = LatentNoise.gaussian(6, 3, 1);
        INDArray x = images(6, 2).getFeatures();
        for (int step = 0; step < 3; step++) {
            double before = manual.score(new DataSet(z, x), true);
            fitted.fit(new DataSet(z, x));
            assertEquals(fitted.score(), before, 1e-4, "the minibatch loss fit reports");
            var gradients = manual.calculateGradients(z, x, null, null);
            ExternalErrors.apply(manual, gradients.getFirst(), 6);
        }
        assertArrayEquals(fitted.params().toFloatVector(), manual.params().toFloatVector(), 1e-6f);
        assertEquals(fitted.getIterationCount(), manual.getIterationCount());
    }

    @Test
    void tinyGanAndVaeStepsStayFiniteAndStatesRoundTrip() {
        for (GenerativeModel model : List.of(
            new GanMlpSpec("g", 4, List.of(16), List.of(16), 2, 0.1).build(SHAPE, OptimizerConfig.adam(2e-4), 3),
            new DcganSpec("d", 4, 4, 1, 0.1).build(SHAPE, OptimizerConfig.adam(2e-4), 3),
            new VaeMlpSpec("v", 2, List.of(16), "gaussian").build(SHAPE, OptimizerConfig.adam(1e-3), 3))) {
            DataSet batch = images(5, 9);
            if (model instanceof Gan && model.networks().get("generator").getLayerWiseConfigurations().getInputPreProcessors().size() > 0) {
                batch = new DataSet(batch.getFeatures().reshape(5, 1, 8, 8), null);
            }
            for (int step = 0; step < 4; step++) {
                double[] losses = model.fit(batch, step);
                for (double loss : losses) {
                    assertTrue(Double.isFinite(loss), model.family() + " loss " + loss);
                }
            }
            NetworkState state = model.state();
            GenerativeModel copy = model.blueprint().newTrainable();
            copy.apply(state);
            assertArrayEquals(state.params(), copy.state().params());
            assertArrayEquals(state.updater(), copy.state().updater());
            assertEquals(4, state.iteration());
            INDArray samples = copy.generate(LatentNoise.gaussian(3, model.latentSize(), 1));
            assertArrayEquals(new long[] {3, SHAPE.size()}, samples.shape());
        }
    }

    @Test
    void ganGeneratorCountsOneUpdatePerKDiscriminatorUpdates() {
        GenerativeModel gan = new GanMlpSpec("g", 4, List.of(8), List.of(8), 2, 0.1).build(SHAPE, OptimizerConfig.adam(2e-4), 3);
        float[] before = gan.networks().get("generator").params().toFloatVector();
        gan.fit(images(4, 1), 1);
        assertArrayEquals(before, gan.networks().get("generator").params().toFloatVector(), "no generator step after 1 of k=2");
        gan.fit(images(4, 2), 2);
        assertEquals(1, gan.networks().get("generator").getIterationCount());
        assertEquals(2, gan.networks().get("discriminator").getIterationCount());
    }
}
