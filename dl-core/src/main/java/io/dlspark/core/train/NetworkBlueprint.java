package io.dlspark.core.train;

import io.dlspark.core.nn.ModelMemory;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.nn.onednn.OneDnn;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network's type and JSON configuration: what executors need to build their own copy of the network once
 * and keep it, receiving only parameters afterwards. Building engages oneDNN where the native library has it.
 */
public record NetworkBlueprint(NetworkKind kind, String configJson) implements TrainableBlueprint {

    public static NetworkBlueprint of(NeuralNetwork net) {
        return new NetworkBlueprint(Networks.kind(net), Networks.configJson(net));
    }

    /** The network alone, fitted on labelled minibatches. */
    @Override
    public Trainable newTrainable() {
        return new SingleNetwork(build());
    }

    /** A new initialised network (parameters from the configuration's seed). */
    public NeuralNetwork build() {
        if (kind == NetworkKind.MULTI_LAYER) {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(configJson);
            ModelMemory.requireFits("the network", conf);
            MultiLayerNetwork net = new MultiLayerNetwork(OneDnn.engage(conf));
            net.init();
            return net;
        }
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(configJson);
        ModelMemory.requireFits("the network", conf);
        ComputationGraph graph = new ComputationGraph(OneDnn.engage(conf));
        graph.init();
        return graph;
    }
}
