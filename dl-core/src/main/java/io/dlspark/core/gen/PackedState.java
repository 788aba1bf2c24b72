package io.dlspark.core.gen;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Several networks' states as one {@link NetworkState}: parameters concatenated in network order, then updater
 * states likewise. The layout (each network's lengths) follows from the networks themselves, so the master averages
 * the packed arrays element by element, which averages every network's parameters and updater state.
 */
public final class PackedState {
    private PackedState() {
    }

    /** Packs the states; the counters are those given. */
    public static NetworkState pack(List<NetworkState> parts, int iteration, int epoch) {
        int params = 0;
        int updater = 0;
        for (NetworkState part : parts) {
            params += part.params().length;
            updater += part.updater().length;
        }
        float[] p = new float[params];
        float[] u = new float[updater];
        int po = 0;
        int uo = 0;
        for (NetworkState part : parts) {
            System.arraycopy(part.params(), 0, p, po, part.params().length);
            System.arraycopy(part.updater(), 0, u, uo, part.updater().length);
            po += part.params().length;
            uo += part.updater().length;
        }
        return new NetworkState(p, u, iteration, epoch);
    }

    /** The parameter and updater lengths of each network, in packing order. */
    public record Layout(int[] params, int[] updater) implements java.io.Serializable {
        public static Layout of(List<? extends NeuralNetwork> networks) {
            int[] p = new int[networks.size()];
            int[] u = new int[networks.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = (int) networks.get(i).params().length();
                INDArray state = Networks.updaterState(networks.get(i));
                u[i] = state == null ? 0 : (int) state.length();
            }
            return new Layout(p, u);
        }
    }

    /** Cuts a packed state back into one state per network of {@code layout}, each with the packed counters. */
    public static List<NetworkState> unpack(NetworkState packed, Layout layout) {
        int params = java.util.Arrays.stream(layout.params()).sum();
        int updater = java.util.Arrays.stream(layout.updater()).sum();
        if (packed.params().length != params || packed.updater().length != updater) {
            throw new IllegalArgumentException("packed state has " + packed.params().length + " parameters and "
                + packed.updater().length + " updater values; the networks need " + params + " and " + updater);
        }
        List<NetworkState> parts = new ArrayList<>();
        int po = 0;
        int uo = 0;
        for (int i = 0; i < layout.params().length; i++) {
            float[] p = java.util.Arrays.copyOfRange(packed.params(), po, po + layout.params()[i]);
            float[] u = java.util.Arrays.copyOfRange(packed.updater(), uo, uo + layout.updater()[i]);
            po += p.length;
            uo += u.length;
            parts.add(new NetworkState(p, u, packed.iteration(), packed.epoch()));
        }
        return parts;
    }
}
