package io.dlspark.core.train;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/** A single supervised network as a {@link Trainable}: one DL4J {@code fit} per minibatch. */
public final class SingleNetwork implements Trainable {
    private static final List<String> LOSS = List.of("loss");
    private final NeuralNetwork net;

    public SingleNetwork(NeuralNetwork net) {
        this.net = net;
    }

    public NeuralNetwork network() {
        return net;
    }

    @Override
    public NetworkState state() {
        return NetworkState.of(net);
    }

    @Override
    public void apply(NetworkState state) {
        state.applyTo(net);
    }

    @Override
    public double[] fit(DataSet batch, long seed) {
        net.fit(batch);
        return new double[] {Networks.score(net)};
    }

    @Override
    public double[] losses(DataSet batch, long seed) {
        return new double[] {Networks.score(net, batch)};
    }

    @Override
    public List<String> lossNames() {
        return LOSS;
    }

    @Override
    public NeuralNetwork probedNetwork() {
        return net;
    }
}
