package io.dlspark.core.gen;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerativeModelTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8, 1);

    private static GenerativeSpec spec(String name, Map<String, Object> overrides) {
        return ModelCatalog.resolveGenerative(name, overrides);
    }

    private static DataSet images(int n, long seed) {
        INDArray x = LatentNoise.gaussian(n, SHAPE.size(), seed);
        return new DataSet(org.nd4j.linalg.ops.transforms.Transforms.sigmoid(x, false), null);
    }

    @Test
    void anExternalErrorStepEqualsDl4jFit() {
        GenerativeSpec spec = spec("vae-mlp", Map.of("latent-size", 3, "hidden-layers", List.of(10)));
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
            spec("gan-mlp", Map.of("latent-size", 4, "generator-layers", List.of(16), "discriminator-layers", List.of(16),
                "discriminator-steps", 2)).build(SHAPE, OptimizerConfig.adam(2e-4), 3),
            spec("dcgan", Map.of("latent-size", 4, "base-filters", 4)).build(SHAPE, OptimizerConfig.adam(2e-4), 3),
            spec("vae-mlp", Map.of("latent-size", 2, "hidden-layers", List.of(16), "reconstruction", "gaussian")).build(SHAPE, OptimizerConfig.adam(1e-3), 3))) {
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
            for (var net : model.networks().entrySet()) {
                assertEquals(List.of(), io.dlspark.core.nn.IgnoredActivations.in(net.getValue()),
                    model.family() + " " + net.getKey() + ": batch-norm layers whose activation DL4J M2.1 would ignore");
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
        GenerativeModel gan = spec("gan-mlp", Map.of("latent-size", 4, "generator-layers", List.of(8), "discriminator-layers", List.of(8),
            "discriminator-steps", 2)).build(SHAPE, OptimizerConfig.adam(2e-4), 3);
        float[] before = gan.networks().get("generator").params().toFloatVector();
        gan.fit(images(4, 1), 1);
        assertArrayEquals(before, gan.networks().get("generator").params().toFloatVector(), "no generator step after 1 of k=2");
        gan.fit(images(4, 2), 2);
        assertEquals(1, gan.networks().get("generator").getIterationCount());
        assertEquals(2, gan.networks().get("discriminator").getIterationCount());
    }

    @Test
    void aTanhGeneratorsDiscriminatorSeesSymmetricPixelsAndItsSamplesAreInTheUnitRange() {
        Map<String, Object> tiny = Map.of("latent-size", 4, "generator-layers", List.of(8), "discriminator-layers", List.of(8));
        Gan tanh = (Gan) spec("gan-mlp", tiny).build(SHAPE, OptimizerConfig.adam(2e-4), 3);
        MultiLayerNetwork generator = tanh.networks().get("generator");
        MultiLayerNetwork discriminator = tanh.networks().get("discriminator");
        INDArray z = LatentNoise.gaussian(6, 4, 7);
        INDArray raw = generator.output(z, false);
        assertTrue(raw.minNumber().doubleValue() < 0, "tanh output reaches below 0");
        assertArrayEquals(raw.add(1).div(2).reshape(-1).toFloatVector(), tanh.generate(z).reshape(-1).toFloatVector(), 1e-6f);

        DataSet batch = images(6, 9);
        INDArray labels = Nd4j.vstack(Nd4j.zeros(6, 1).addi(0.9), Nd4j.zeros(6, 1));
        INDArray seen = Nd4j.concat(0, batch.getFeatures().mul(2).subi(1), generator.output(LatentNoise.gaussian(6, 4, 11), false));
        assertEquals(discriminator.score(new DataSet(seen, labels)), tanh.losses(batch, 11)[0], 1e-6);

        Map<String, Object> sigmoidOutput = new java.util.HashMap<>(tiny);
        sigmoidOutput.put("generator-output", "sigmoid");
        Gan sigmoid = (Gan) spec("gan-mlp", sigmoidOutput).build(SHAPE, OptimizerConfig.adam(2e-4), 3);
        INDArray unscaled = Nd4j.concat(0, batch.getFeatures(),
            sigmoid.networks().get("generator").output(LatentNoise.gaussian(6, 4, 11), false));
        assertEquals(sigmoid.networks().get("discriminator").score(new DataSet(unscaled, labels)), sigmoid.losses(batch, 11)[0], 1e-6);
    }

    @Test
    void shippedGenerativeSpecsComeFromConfModelsThroughTheFamilyRegistry() {
        GanMlpSpec gan = (GanMlpSpec) spec("gan-mlp", Map.of());
        assertEquals("gan-mlp", gan.kind());
        assertEquals(new GenerativeSettings(64, 1, 0.9, "bernoulli"), gan.settings());
        assertEquals(List.of(256, 512), gan.generatorLayers());
        assertEquals(org.nd4j.linalg.activations.Activation.TANH, gan.generatorOutput());
        assertEquals(2e-4, gan.optimizer().learningRate());
        assertEquals(32, ((DcganSpec) spec("dcgan", Map.of())).base());
        VaeMlpSpec vae = (VaeMlpSpec) spec("vae-mlp", Map.of());
        assertEquals(new GenerativeSettings(16, 1, 1.0, "bernoulli"), vae.settings());
        assertEquals(1e-3, vae.optimizer().learningRate());

        MultiLayerNetwork discriminator = gan.build(SHAPE, gan.optimizer(), 1).networks().get("discriminator");
        var adam = (org.nd4j.linalg.learning.config.Adam) discriminator.getLayer(0).conf().getLayer().getUpdaterByParam("W");
        assertEquals(0.5, adam.getBeta1(), "GANs use Adam beta1 0.5");
        MultiLayerNetwork encoder = vae.build(SHAPE, vae.optimizer(), 1).networks().get("encoder");
        var vaeAdam = (org.nd4j.linalg.learning.config.Adam) encoder.getLayer(0).conf().getLayer().getUpdaterByParam("W");
        assertEquals(0.9, vaeAdam.getBeta1());
    }

    @Test
    void generativeSpecErrorsNameTheKey() {
        assertMessage(() -> spec("vae-mlp", Map.of("reconstruction", "poisson")), "models.vae-mlp.reconstruction: expected bernoulli or gaussian");
        assertMessage(() -> spec("dcgan", Map.of("label-smoothing", 0.7)), "models.dcgan.label-smoothing");
        assertMessage(() -> spec("gan-mlp", Map.of("hidden-layers", List.of(3))), "models.gan-mlp.hidden-layers: unknown key");
        assertMessage(() -> spec("gan-mlp", Map.of("generator-output", "relu")), "models.gan-mlp.generator-output: expected tanh or sigmoid, got 'relu'");
        assertMessage(() -> spec("lenet", Map.of()), "'lenet' (kind sequential) is not a generative model");
        assertMessage(() -> ModelCatalog.resolve("dcgan"), "'dcgan' (kind dcgan) is not a classifier");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        UsageException e = assertThrows(UsageException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
