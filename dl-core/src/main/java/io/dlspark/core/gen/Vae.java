package io.dlspark.core.gen;

import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variational autoencoder of two networks with the reparameterisation trick: the encoder maps an image to
 * {@code [mu, log sigma^2]} of a diagonal Gaussian posterior (last layer linear, no loss); a latent code
 * {@code z = mu + sigma * eps} is decoded by the decoder, whose output layer is the reconstruction likelihood
 * (Bernoulli: sigmoid with binary cross-entropy; Gaussian: sigmoid mean with squared error, variance 1/2). The loss is
 * the negative ELBO in nats per image, reconstruction negative log-likelihood plus the analytic KL divergence to
 * N(0, I), with one posterior sample per image. Encoder and decoder states are packed in that order.
 */
public final class Vae implements GenerativeModel {
    private static final List<String> LOSSES = List.of("negative_elbo", "reconstruction", "kl");

    private final MultiLayerNetwork encoder;
    private final MultiLayerNetwork decoder;
    private final GenerativeSettings settings;
    private final PackedState.Layout layout;

    Vae(MultiLayerNetwork encoder, MultiLayerNetwork decoder, GenerativeSettings settings) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.settings = settings;
        this.layout = PackedState.Layout.of(List.of(encoder, decoder));
    }

    @Override
    public NetworkState state() {
        return PackedState.pack(List.of(NetworkState.of(encoder), NetworkState.of(decoder)),
            encoder.getIterationCount(), encoder.getEpochCount());
    }

    @Override
    public void apply(NetworkState state) {
        List<NetworkState> parts = PackedState.unpack(state, layout);
        parts.get(0).applyTo(encoder);
        parts.get(1).applyTo(decoder);
    }

    @Override
    public double[] fit(DataSet batch, long seed) {
        INDArray images = batch.getFeatures();
        int n = (int) images.size(0);
        int latent = settings.latentSize();
        INDArray posterior = ExternalErrors.forward(encoder, images);
        INDArray mu = posterior.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup();
        INDArray logVariance = posterior.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2 * latent)).dup();
        INDArray eps = LatentNoise.gaussian(n, latent, seed).castTo(mu.dataType());
        INDArray sigma = Transforms.exp(logVariance.mul(0.5), false);
        INDArray z = mu.add(sigma.mul(eps));

        double reconstruction = decoder.score(new DataSet(z, flat(images)), true) + reconstructionConstant(images);
        Pair<Gradient, INDArray> decoded = decoder.calculateGradients(z, flat(images), null, null);
        INDArray latentError = decoded.getSecond().dup();
        ExternalErrors.apply(decoder, decoded.getFirst(), n);

        INDArray variance = Transforms.exp(logVariance, true);
        double kl = kl(mu, logVariance, variance) / n;
        INDArray muError = latentError.add(mu);
        INDArray logVarianceError = latentError.mul(eps).muli(sigma).muli(0.5).addi(variance.sub(1.0).muli(0.5));
        ExternalErrors.backward(encoder, Nd4j.hstack(muError, logVarianceError), n);
        return new double[] {reconstruction + kl, reconstruction, kl};
    }

    @Override
    public double[] losses(DataSet batch, long seed) {
        INDArray images = batch.getFeatures();
        int n = (int) images.size(0);
        int latent = settings.latentSize();
        INDArray posterior = encoder.output(images, false);
        INDArray mu = posterior.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup();
        INDArray logVariance = posterior.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2 * latent)).dup();
        INDArray eps = LatentNoise.gaussian(n, latent, seed).castTo(mu.dataType());
        INDArray z = mu.add(Transforms.exp(logVariance.mul(0.5), false).mul(eps));
        double reconstruction = decoder.score(new DataSet(z, flat(images)), false) + reconstructionConstant(images);
        double kl = kl(mu, logVariance, Transforms.exp(logVariance, true)) / n;
        return new double[] {reconstruction + kl, reconstruction, kl};
    }

    /** The posterior means of images: their latent codes for reconstruction. */
    public INDArray encodeMean(INDArray images) {
        return encoder.output(images, false).get(NDArrayIndex.all(), NDArrayIndex.interval(0, settings.latentSize())).dup();
    }

    /** KL(N(mu, sigma^2) || N(0, I)) summed over the minibatch. */
    private static double kl(INDArray mu, INDArray logVariance, INDArray variance) {
        return 0.5 * mu.mul(mu).addi(variance).subi(logVariance).subi(1.0).sumNumber().doubleValue();
    }

    /** The Gaussian likelihood's normalising constant per image, (d/2) log(pi) for variance 1/2; 0 for Bernoulli. */
    private double reconstructionConstant(INDArray images) {
        return settings.reconstruction().equals("gaussian") ? 0.5 * (images.length() / images.size(0)) * Math.log(Math.PI) : 0;
    }

    private static INDArray flat(INDArray images) {
        return images.rank() == 2 ? images : images.reshape(images.size(0), images.length() / images.size(0));
    }

    @Override
    public List<String> lossNames() {
        return LOSSES;
    }

    @Override
    public GenerativeFamily family() {
        return GenerativeFamily.VAE;
    }

    @Override
    public int latentSize() {
        return settings.latentSize();
    }

    @Override
    public Map<String, MultiLayerNetwork> networks() {
        Map<String, MultiLayerNetwork> networks = new LinkedHashMap<>();
        networks.put("encoder", encoder);
        networks.put("decoder", decoder);
        return networks;
    }

    @Override
    public INDArray generate(INDArray latent) {
        return decoder.output(latent, false);
    }

    @Override
    public GenerativeBlueprint blueprint() {
        return new GenerativeBlueprint(GenerativeFamily.VAE, NetworkBlueprint.of(encoder), NetworkBlueprint.of(decoder),
            settings);
    }

    @Override
    public GenerativeSettings settings() {
        return settings;
    }
}
