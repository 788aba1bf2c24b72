package io.dlspark.core.gen;

import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * A generative adversarial network: a generator (latent code to image) and a discriminator (image to probability of
 * being real), packed into one state in that order. Each minibatch is one discriminator update; every k-th one is
 * followed by a non-saturating generator step.
 */
public final class Gan extends TwoNetworkModel {
    private static final List<String> LOSSES = List.of("discriminator", "generator");
    private static final double EPSILON = 1e-7;

    private final MultiLayerNetwork generator;
    private final MultiLayerNetwork discriminator;
    private final boolean symmetricPixels;
    private double lastGeneratorLoss = Double.NaN;

    Gan(MultiLayerNetwork generator, MultiLayerNetwork discriminator, GenerativeSettings settings) {
        super(GenerativeFamily.GAN, "generator", generator, "discriminator", discriminator, settings, LOSSES);
        this.generator = generator;
        this.discriminator = discriminator;
        this.symmetricPixels = outputActivation(generator) instanceof ActivationTanH;
    }

    private static IActivation outputActivation(MultiLayerNetwork net) {
        Layer last = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        return last instanceof BaseLayer base ? base.getActivationFn() : null;
    }

    /** Real images as the discriminator sees them: the shards' [0, 1] pixels, or [-1, 1] under a tanh generator. */
    private INDArray discriminatorInput(INDArray real) {
        return symmetricPixels ? real.mul(2).subi(1) : real;
    }

    @Override
    public NetworkState state() {
        return packWithCountersOf(discriminator);
    }

    @Override
    public void apply(NetworkState state) {
        List<NetworkState> parts = unpack(state);
        parts.get(0).withCounters(state.iteration() / settings.discriminatorSteps(), state.epoch()).applyTo(generator);
        parts.get(1).applyTo(discriminator);
    }

    @Override
    public double[] fit(DataSet batch, long seed) {
        INDArray real = discriminatorInput(batch.getFeatures());
        int n = (int) real.size(0);
        int iteration = discriminator.getIterationCount();
        INDArray fake = generator.output(LatentNoise.gaussian(n, settings.latentSize(), seed), true).reshape(real.shape());
        INDArray labels = Nd4j.vstack(Nd4j.zeros(real.dataType(), n, 1).addi(settings.realLabel()),
            Nd4j.zeros(real.dataType(), n, 1));
        discriminator.fit(new DataSet(Nd4j.concat(0, real, fake), labels));
        double discriminatorLoss = discriminator.score();
        if ((iteration + 1) % settings.discriminatorSteps() == 0) {
            lastGeneratorLoss = generatorStep(n, real.shape(), LatentNoise.next(seed));
        } else if (Double.isNaN(lastGeneratorLoss)) {
            lastGeneratorLoss = nonSaturatingLoss(discriminator.output(fake, false));
        }
        return new double[] {discriminatorLoss, lastGeneratorLoss};
    }

    /** One non-saturating generator update; returns its loss, -mean log D(G(z)) before the update. */
    private double generatorStep(int n, long[] imageShape, long seed) {
        INDArray generated = ExternalErrors.forward(generator, LatentNoise.gaussian(n, settings.latentSize(), seed));
        INDArray asInput = generated.reshape(imageShape);
        INDArray realTarget = Nd4j.ones(generated.dataType(), n, 1);
        double loss = nonSaturatingLoss(discriminator.output(asInput, true));
        Pair<Gradient, INDArray> gradients = discriminator.calculateGradients(asInput, realTarget, null, null);
        ExternalErrors.backward(generator, gradients.getSecond().reshape(generated.shape()), n);
        return loss;
    }

    @Override
    public double[] losses(DataSet batch, long seed) {
        INDArray real = discriminatorInput(batch.getFeatures());
        int n = (int) real.size(0);
        INDArray fake = generator.output(LatentNoise.gaussian(n, settings.latentSize(), seed), false).reshape(real.shape());
        INDArray labels = Nd4j.vstack(Nd4j.zeros(real.dataType(), n, 1).addi(settings.realLabel()),
            Nd4j.zeros(real.dataType(), n, 1));
        double discriminatorLoss = discriminator.score(new DataSet(Nd4j.concat(0, real, fake), labels));
        return new double[] {discriminatorLoss, nonSaturatingLoss(discriminator.output(fake, false))};
    }

    private static double nonSaturatingLoss(INDArray probabilityReal) {
        return -Transforms.log(Transforms.max(probabilityReal, EPSILON), false).meanNumber().doubleValue();
    }

    @Override
    public INDArray generate(INDArray latent) {
        INDArray images = generator.output(latent, false);
        if (symmetricPixels) {
            images.addi(1).divi(2);
        }
        return images.reshape(images.size(0), images.length() / images.size(0));
    }
}
