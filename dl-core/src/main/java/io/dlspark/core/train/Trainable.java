package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * What a worker trains in a round: one network, or several networks (a GAN's generator and discriminator) whose
 * parameters and updater states are packed into one flat {@link NetworkState}, so that the master broadcasts,
 * sums and averages them without knowing what they are. Only the fitting step differs between kinds.
 */
public interface Trainable {

    /** A copy of the current state, every network packed in a fixed layout. */
    NetworkState state();

    /** Writes a state produced by {@link #state()} (or an average of such states) into the networks. */
    void apply(NetworkState state);

    /**
     * Fits one minibatch and returns its losses (mean per example), in the order of {@link #lossNames()}; the first
     * one is the loss the master reports. {@code seed} drives any noise the step draws (latent codes, sampling).
     */
    double[] fit(DataSet batch, long seed);

    /** The losses of a minibatch without updating anything, in the order of {@link #lossNames()}. */
    double[] losses(DataSet batch, long seed);

    List<String> lossNames();

    /**
     * The network whose per-layer gradients and update ratios the worker's {@link GradientProbe} records, or null
     * when the trainable is not probed (GAN and VAE steps are not probed).
     */
    default NeuralNetwork probedNetwork() {
        return null;
    }
}
