package io.dlspark.core.gen;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * A fully connected VAE: encoder image -> hidden (ReLU) -> [mu, log sigma^2]; decoder latent -> hidden (ReLU,
 * mirrored) -> pixel likelihood, Bernoulli (sigmoid, cross-entropy) or Gaussian (sigmoid mean, squared error).
 */
public record VaeMlpSpec(String name, int latentSize, List<Integer> hidden, String reconstruction)
    implements GenerativeSpec {

    @Override
    public GenerativeFamily family() {
        return GenerativeFamily.VAE;
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public double defaultLearningRate() {
        return 1e-3;
    }

    @Override
    public GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed) {
        GenerativeSettings settings = GenerativeSettings.vae(latentSize, reconstruction);
        IUpdater updater = GenerativeSpec.updater(optimizer, family());
        NeuralNetConfiguration.ListBuilder e = GenerativeSpec.base(updater, seed).weightInit(WeightInit.RELU).list();
        int in = input.size();
        for (int width : hidden) {
            e.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        e.layer(new DenseLayer.Builder().nIn(in).nOut(2 * latentSize).activation(Activation.IDENTITY)
            .weightInit(WeightInit.XAVIER).build());

        NeuralNetConfiguration.ListBuilder d = GenerativeSpec.base(updater, seed + 1).weightInit(WeightInit.RELU).list();
        in = latentSize;
        for (int i = hidden.size() - 1; i >= 0; i--) {
            d.layer(new DenseLayer.Builder().nIn(in).nOut(hidden.get(i)).activation(Activation.RELU).build());
            in = hidden.get(i);
        }
        LossFunctions.LossFunction loss = settings.reconstruction().equals("gaussian")
            ? LossFunctions.LossFunction.L2 : LossFunctions.LossFunction.XENT;
        d.layer(new OutputLayer.Builder(loss).nIn(in).nOut(input.size()).activation(Activation.SIGMOID)
            .weightInit(WeightInit.XAVIER).build());
        MultiLayerNetwork encoder = new MultiLayerNetwork(e.build());
        MultiLayerNetwork decoder = new MultiLayerNetwork(d.build());
        encoder.init();
        decoder.init();
        return GenerativeBlueprint.of(family(), encoder, decoder, settings);
    }
}
