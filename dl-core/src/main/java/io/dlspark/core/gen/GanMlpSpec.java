package io.dlspark.core.gen;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * A fully connected GAN: generator latent -> hidden (LeakyReLU 0.2) -> image (sigmoid); discriminator image ->
 * hidden (LeakyReLU 0.2) -> P(real) (sigmoid, binary cross-entropy).
 */
public record GanMlpSpec(String name, int latentSize, List<Integer> generatorHidden, List<Integer> discriminatorHidden,
                         int discriminatorSteps, double labelSmoothing) implements GenerativeSpec {

    @Override
    public GenerativeFamily family() {
        return GenerativeFamily.GAN;
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public double defaultLearningRate() {
        return 2e-4;
    }

    @Override
    public GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed) {
        IUpdater updater = GenerativeSpec.updater(optimizer, family());
        NeuralNetConfiguration.ListBuilder g = GenerativeSpec.base(updater, seed).weightInit(WeightInit.XAVIER).list();
        int in = latentSize;
        for (int width : generatorHidden) {
            g.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(new ActivationLReLU(0.2)).build());
            in = width;
        }
        g.layer(new DenseLayer.Builder().nIn(in).nOut(input.size()).activation(Activation.SIGMOID).build());

        NeuralNetConfiguration.ListBuilder d = GenerativeSpec.base(updater, seed + 1).weightInit(WeightInit.XAVIER).list();
        in = input.size();
        for (int width : discriminatorHidden) {
            d.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(new ActivationLReLU(0.2)).build());
            in = width;
        }
        d.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID).build());
        MultiLayerNetwork generator = new MultiLayerNetwork(g.build());
        MultiLayerNetwork discriminator = new MultiLayerNetwork(d.build());
        generator.init();
        discriminator.init();
        return GenerativeBlueprint.of(family(), generator, discriminator,
            GenerativeSettings.gan(latentSize, discriminatorSteps, labelSmoothing));
    }
}
