package io.dlspark.core.nn;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * Parameters, updater state and counters of a network as plain arrays: what the training master broadcasts each
 * round, without ND4J serialization on the wire.
 */
public record NetworkState(float[] params, float[] updater, int iteration, int epoch) implements Serializable {

    /** A copy of the network's current state. */
    public static NetworkState of(NeuralNetwork net) {
        INDArray state = Networks.updaterState(net);
        return new NetworkState(net.params().toFloatVector(),
            state == null ? new float[0] : state.toFloatVector(), Networks.iterationCount(net), Networks.epochCount(net));
    }

    /** Writes this state into the network's parameter and updater views. */
    public void applyTo(NeuralNetwork net) {
        INDArray target = net.params();
        if (target.length() != params.length) {
            throw new IllegalArgumentException("state has " + params.length + " parameters, network " + target.length());
        }
        target.assign(Nd4j.createFromArray(params).reshape(target.shape()));
        INDArray state = Networks.updaterState(net);
        if (state != null && state.length() > 0) {
            if (state.length() != updater.length) {
                throw new IllegalArgumentException("state has " + updater.length + " updater values, network " + state.length());
            }
            state.assign(Nd4j.createFromArray(updater).reshape(state.shape()));
        }
        Networks.setCounters(net, iteration, epoch);
    }

    public NetworkState withCounters(int newIteration, int newEpoch) {
        return new NetworkState(params, updater, newIteration, newEpoch);
    }
}
