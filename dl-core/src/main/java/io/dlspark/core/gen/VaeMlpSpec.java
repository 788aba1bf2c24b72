package io.dlspark.core.gen;

import io.dlspark.core.config.Params;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.nn.ModelMemory;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * {@code kind = vae-mlp}, a fully connected VAE: encoder image -> {@code hidden-layers} (ReLU) -> [mu, log sigma^2];
 * decoder latent -> the hidden layers mirrored (ReLU) -> pixel likelihood, Bernoulli (sigmoid, cross-entropy) or
 * Gaussian (sigmoid mean, squared error); plus the settings of {@link GenerativeSettings#parseVae}.
 */
public record VaeMlpSpec(SpecHeader header, GenerativeSettings settings, List<Integer> hidden) implements GenerativeSpec {

    /** The family builder of {@code kind = vae-mlp}. */
    public static VaeMlpSpec parse(SpecHeader header, Params params) {
        return new VaeMlpSpec(header, GenerativeSettings.parseVae(params),
            params.integers("hidden-layers", List.of(512, 256), 1, 1 << 16));
    }

    @Override
    public GenerativeFamily family() {
        return GenerativeFamily.VAE;
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed) {
        NeuralNetConfiguration.ListBuilder e = GenerativeSpec.base(optimizer, family(), seed).weightInit(WeightInit.RELU).list();
        int in = input.size();
        for (int width : hidden) {
            e.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        e.layer(new DenseLayer.Builder().nIn(in).nOut(2 * settings.latentSize()).activation(Activation.IDENTITY)
            .weightInit(WeightInit.XAVIER).build());

        NeuralNetConfiguration.ListBuilder d = GenerativeSpec.base(optimizer, family(), seed + 1).weightInit(WeightInit.RELU).list();
        in = settings.latentSize();
        for (int i = hidden.size() - 1; i >= 0; i--) {
            d.layer(new DenseLayer.Builder().nIn(in).nOut(hidden.get(i)).activation(Activation.RELU).build());
            in = hidden.get(i);
        }
        LossFunctions.LossFunction loss = settings.reconstruction().equals("gaussian")
            ? LossFunctions.LossFunction.L2 : LossFunctions.LossFunction.XENT;
        d.layer(new OutputLayer.Builder(loss).nIn(in).nOut(input.size()).activation(Activation.SIGMOID)
            .weightInit(WeightInit.XAVIER).build());
        var eConf = e.build();
        var dConf = d.build();
        ModelMemory.requireFits("model '" + name() + "'", eConf, dConf);
        MultiLayerNetwork encoder = new MultiLayerNetwork(eConf);
        MultiLayerNetwork decoder = new MultiLayerNetwork(dConf);
        encoder.init();
        decoder.init();
        return GenerativeBlueprint.of(family(), encoder, decoder, settings);
    }
}
