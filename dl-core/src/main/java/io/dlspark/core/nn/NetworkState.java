package io.dlspark.core.nn;

import io.dlspark.core.io.BulkArrays;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Parameters, updater state and counters of a network as plain arrays: what the training master broadcasts each
 * round, without ND4J serialization on the wire. Java serialization writes the arrays as bulk bytes
 * ({@link BulkArrays}).
 */
public record NetworkState(float[] params, float[] updater, int iteration, int epoch) implements Serializable {

    /** A copy of the network's current state. */
    public static NetworkState of(NeuralNetwork net) {
        INDArray state = Networks.updaterState(net);
        return new NetworkState(HostFloats.copyOf(net.params()),
            state == null ? new float[0] : HostFloats.copyOf(state), Networks.iterationCount(net), Networks.epochCount(net));
    }

    /** Writes this state into the network's parameter and updater views. */
    public void applyTo(NeuralNetwork net) {
        INDArray target = net.params();
        if (target.length() != params.length) {
            throw new IllegalArgumentException("state has " + params.length + " parameters, network " + target.length());
        }
        target.assign(HostFloats.array(params, target.shape()));
        INDArray state = Networks.updaterState(net);
        if (state != null && state.length() > 0) {
            if (state.length() != updater.length) {
                throw new IllegalArgumentException("state has " + updater.length + " updater values, network " + state.length());
            }
            state.assign(HostFloats.array(updater, state.shape()));
        }
        Networks.setCounters(net, iteration, epoch);
    }

    public NetworkState withCounters(int newIteration, int newEpoch) {
        return new NetworkState(params, updater, newIteration, newEpoch);
    }

    private Object writeReplace() {
        return new Wire(this);
    }

    /** The serialized form: a record's own serialization cannot be customised, so it travels as this. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient NetworkState state;

        private Wire(NetworkState state) {
            this.state = state;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.writeInt(state.iteration);
            out.writeInt(state.epoch);
            BulkArrays.writeFloats(out, state.params);
            BulkArrays.writeFloats(out, state.updater);
        }

        private void readObject(ObjectInputStream in) throws IOException {
            int iteration = in.readInt();
            int epoch = in.readInt();
            state = new NetworkState(BulkArrays.readFloats(in), BulkArrays.readFloats(in), iteration, epoch);
        }

        private Object readResolve() {
            return state;
        }
    }
}
