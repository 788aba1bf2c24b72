package io.dlspark.core.gen;

import io.dlspark.core.UsageException;
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
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * {@code kind = gan-mlp}, a fully connected GAN: generator latent -> {@code generator-layers} (LeakyReLU 0.2) ->
 * image ({@code generator-output}: tanh, the default, or sigmoid; see {@link Gan} for the pixel ranges); discriminator image -> {@code discriminator-layers} (LeakyReLU 0.2) -> P(real) (sigmoid, binary
 * cross-entropy); plus the GAN settings of {@link GenerativeSettings#parseGan}.
 */
public record GanMlpSpec(SpecHeader header, GenerativeSettings settings, List<Integer> generatorLayers,
                         List<Integer> discriminatorLayers, Activation generatorOutput) implements GenerativeSpec {
    private static final List<String> OUTPUTS = List.of("tanh", "sigmoid");

    /** The family builder of {@code kind = gan-mlp}. */
    public static GanMlpSpec parse(SpecHeader header, Params params) {
        return new GanMlpSpec(header, GenerativeSettings.parseGan(params),
            params.integers("generator-layers", List.of(256, 512), 1, 1 << 16),
            params.integers("discriminator-layers", List.of(512, 256), 1, 1 << 16), generatorOutput(params));
    }

    private static Activation generatorOutput(Params params) {
        String output = params.string("generator-output", "tanh");
        if (!OUTPUTS.contains(output)) {
            throw new UsageException(params.key("generator-output") + ": expected tanh or sigmoid, got '" + output + "'");
        }
        return output.equals("tanh") ? Activation.TANH : Activation.SIGMOID;
    }

    @Override
    public GenerativeFamily family() {
        return GenerativeFamily.GAN;
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed) {
        NeuralNetConfiguration.ListBuilder g = GenerativeSpec.base(optimizer, family(), seed).weightInit(WeightInit.XAVIER).list();
        int in = settings.latentSize();
        for (int width : generatorLayers) {
            g.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(new ActivationLReLU(0.2)).build());
            in = width;
        }
        g.layer(new DenseLayer.Builder().nIn(in).nOut(input.size()).activation(generatorOutput).build());

        NeuralNetConfiguration.ListBuilder d = GenerativeSpec.base(optimizer, family(), seed + 1).weightInit(WeightInit.XAVIER).list();
        in = input.size();
        for (int width : discriminatorLayers) {
            d.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(new ActivationLReLU(0.2)).build());
            in = width;
        }
        d.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID).build());
        var gConf = g.build();
        var dConf = d.build();
        ModelMemory.requireFits("model '" + name() + "'", gConf, dConf);
        MultiLayerNetwork generator = new MultiLayerNetwork(gConf);
        MultiLayerNetwork discriminator = new MultiLayerNetwork(dConf);
        generator.init();
        discriminator.init();
        return GenerativeBlueprint.of(family(), generator, discriminator, settings);
    }
}
