package io.dlspark.core.gen;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.nn.ModelMemory;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code kind = dcgan}: a small DCGAN-style GAN for images whose sides are divisible by 4 (layers in
 * docs/generative.md), plus the settings of {@link GenerativeSettings#parseGan}.
 */
public record DcganSpec(SpecHeader header, GenerativeSettings settings, int base) implements GenerativeSpec {

    /** The family builder of {@code kind = dcgan}. */
    public static DcganSpec parse(SpecHeader header, Params params) {
        return new DcganSpec(header, GenerativeSettings.parseGan(params), params.integer("base-filters", 32, 1, 1024));
    }

    @Override
    public GenerativeFamily family() {
        return GenerativeFamily.GAN;
    }

    @Override
    public boolean convolutional() {
        return true;
    }

    @Override
    public GenerativeModel build(ImageShape input, OptimizerConfig optimizer, long seed) {
        if (input.height() % 4 != 0 || input.width() % 4 != 0) {
            throw new UsageException("model '" + name() + "' needs image sides divisible by 4, the data has " + input);
        }
        int h = input.height() / 4;
        int w = input.width() / 4;
        var g = GenerativeSpec.base(optimizer, family(), seed).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).list()
            .layer(new DenseLayer.Builder().nOut(base * 2 * h * w).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().activation(Activation.IDENTITY).build())
            .layer(relu())
            .layer(new Upsampling2D.Builder(2).build())
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(base).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().activation(Activation.IDENTITY).build())
            .layer(relu())
            .layer(new Upsampling2D.Builder(2).build())
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(input.channels()).activation(Activation.SIGMOID)
                .weightInit(WeightInit.XAVIER).build())
            .inputPreProcessor(3, new FeedForwardToCnnPreProcessor(h, w, base * 2))
            .setInputType(InputType.feedForward(settings.latentSize()))
            .build();
        var d = GenerativeSpec.base(optimizer, family(), seed + 1).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).list()
            .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(base).activation(new ActivationLReLU(0.2)).build())
            .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(base * 2).activation(new ActivationLReLU(0.2)).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
            .setInputType(InputType.convolutional(input.height(), input.width(), input.channels()))
            .build();
        ModelMemory.requireFits("model '" + name() + "'", g, d);
        MultiLayerNetwork generator = new MultiLayerNetwork(g);
        MultiLayerNetwork discriminator = new MultiLayerNetwork(d);
        generator.init();
        discriminator.init();
        return GenerativeBlueprint.of(family(), generator, discriminator, settings);
    }

    /** A ReLU of its own: DL4J M2.1's batch-norm layer ignores a configured activation. */
    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
