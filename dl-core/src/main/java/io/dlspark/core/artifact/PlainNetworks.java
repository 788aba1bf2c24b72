package io.dlspark.core.artifact;

import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network a model artifact holds: a copy whose configuration names only DL4J and ND4J classes ({@link
 * PlainConfig}), with the same parameters, updater state and counters, so that plain DL4J's {@code ModelSerializer}
 * reads it. Training checkpoints keep dlspark's own classes.
 */
public final class PlainNetworks {
    private PlainNetworks() {
    }

    /**
     * The plain copy of the initialised {@code net}, which is not changed; a class with no plain equivalent is an
     * {@link IllegalArgumentException} naming it.
     */
    public static NeuralNetwork of(NeuralNetwork net) {
        if (net.params() == null) {
            throw new IllegalStateException("call init() on the network before exporting it");
        }
        String json = PlainConfig.rewrite(Networks.configJson(net), Networks.iterationCount(net), Networks.epochCount(net));
        if (net instanceof MultiLayerNetwork mln) {
            MultiLayerNetwork plain = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
            plain.init(mln.params(), true);
            Updater updater = mln.getUpdater(false);
            copyState(updater == null ? null : updater.getStateViewArray(), plain.getUpdater(true).getStateViewArray());
            return plain;
        }
        ComputationGraph graph = (ComputationGraph) net;
        ComputationGraph plain = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        plain.init(graph.params(), true);
        ComputationGraphUpdater updater = graph.getUpdater(false);
        copyState(updater == null ? null : updater.getStateViewArray(), plain.getUpdater(true).getStateViewArray());
        return plain;
    }

    private static void copyState(INDArray from, INDArray to) {
        if (from != null && to != null) {
            to.assign(from);
        }
    }
}
