package io.dlspark.core.gen;

import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * A variational autoencoder of two networks (encoder to {@code [mu, log sigma^2]}, decoder to the reconstruction
 * likelihood, Bernoulli or Gaussian) trained with the reparameterisation trick. The loss is the negative ELBO in nats
 * per image; encoder and decoder states are packed in that order.
 */
public final class Vae extends TwoNetworkModel {
    private static final List<String> LOSSES = List.of("negative_elbo", "reconstruction", "kl");

    private final MultiLayerNetwork encoder;
    private final MultiLayerNetwork decoder;

    Vae(MultiLayerNetwork encoder, MultiLayerNetwork decoder, GenerativeSettings settings) {
        super(GenerativeFamily.VAE, "encoder", encoder, "decoder", decoder, settings, LOSSES);
        this.encoder = encoder;
        this.decoder = decoder;
    }

    @Override
    public NetworkState state() {
        return packWithCountersOf(encoder);
    }

    @Override
    public void apply(NetworkState state) {
        List<NetworkState> parts = unpack(state);
        parts.get(0).applyTo(encoder);
        parts.get(1).applyTo(decoder);
    }

    @Override
    public double[] fit(DataSet batch, long seed) {
        INDArray images = batch.getFeatures();
        int n = (int) images.size(0);
        Posterior posterior = sample(ExternalErrors.forward(encoder, images), seed);
        double reconstruction = decoder.score(new DataSet(posterior.z(), flat(images)), true) + reconstructionConstant(images);
        Pair<Gradient, INDArray> decoded = decoder.calculateGradients(posterior.z(), flat(images), null, null);
        INDArray latentError = decoded.getSecond().dup();
        ExternalErrors.apply(decoder, decoded.getFirst(), n);

        double kl = posterior.kl() / n;
        INDArray muError = latentError.add(posterior.mu());
        INDArray logVarianceError = latentError.mul(posterior.eps()).muli(posterior.sigma()).muli(0.5)
            .addi(posterior.variance().sub(1.0).muli(0.5));
        ExternalErrors.backward(encoder, Nd4j.hstack(muError, logVarianceError), n);
        return new double[] {reconstruction + kl, reconstruction, kl};
    }

    @Override
    public double[] losses(DataSet batch, long seed) {
        INDArray images = batch.getFeatures();
        Posterior posterior = sample(encoder.output(images, false), seed);
        double reconstruction = decoder.score(new DataSet(posterior.z(), flat(images)), false) + reconstructionConstant(images);
        double kl = posterior.kl() / images.size(0);
        return new double[] {reconstruction + kl, reconstruction, kl};
    }

    /** One posterior sample per image of the encoder's output {@code [mu, log sigma^2]}, with noise from {@code seed}. */
    private Posterior sample(INDArray encoded, long seed) {
        int latent = settings.latentSize();
        INDArray mu = encoded.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup();
        INDArray logVariance = encoded.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2 * latent)).dup();
        INDArray eps = LatentNoise.gaussian((int) encoded.size(0), latent, seed).castTo(mu.dataType());
        INDArray sigma = Transforms.exp(logVariance.mul(0.5), false);
        return new Posterior(mu, logVariance, Transforms.exp(logVariance, true), sigma, eps, mu.add(sigma.mul(eps)));
    }

    /** A reparameterised posterior sample: {@code z = mu + sigma * eps}. */
    private record Posterior(INDArray mu, INDArray logVariance, INDArray variance, INDArray sigma, INDArray eps,
                             INDArray z) {
        /** KL(N(mu, sigma^2) || N(0, I)) summed over the minibatch. */
        double kl() {
            return 0.5 * mu.mul(mu).addi(variance).subi(logVariance).subi(1.0).sumNumber().doubleValue();
        }
    }

    /** The posterior means of images: their latent codes for reconstruction. */
    public INDArray encodeMean(INDArray images) {
        return encoder.output(images, false).get(NDArrayIndex.all(), NDArrayIndex.interval(0, settings.latentSize())).dup();
    }

    /** The Gaussian likelihood's normalising constant per image, (d/2) log(pi) for variance 1/2; 0 for Bernoulli. */
    private double reconstructionConstant(INDArray images) {
        return settings.reconstruction().equals("gaussian") ? 0.5 * (images.length() / images.size(0)) * Math.log(Math.PI) : 0;
    }

    private static INDArray flat(INDArray images) {
        return images.rank() == 2 ? images : images.reshape(images.size(0), images.length() / images.size(0));
    }

    @Override
    public INDArray generate(INDArray latent) {
        return decoder.output(latent, false);
    }
}
