package io.dlspark.core.train;

import io.dlspark.core.nn.FlipAveraging;
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
 * and keep it, receiving only parameters afterwards. Building engages oneDNN where the native library has it; with
 * {@code flipAveraged}, the network's inference output is horizontal-flip test-time augmented ({@link FlipAveraging}).
 */
public record NetworkBlueprint(NetworkKind kind, String configJson, boolean flipAveraged) implements TrainableBlueprint {

    public NetworkBlueprint(NetworkKind kind, String configJson) {
        this(kind, configJson, false);
    }

    public static NetworkBlueprint of(NeuralNetwork net) {
        return new NetworkBlueprint(Networks.kind(net), Networks.configJson(net));
    }

    /** The network alone, fitted on labelled minibatches. */
    @Override
    public Trainable newTrainable() {
        return new SingleNetwork(build());
    }

    /** This blueprint for evaluation with horizontal-flip test-time augmentation. */
    public NetworkBlueprint withFlipAveraging() {
        return new NetworkBlueprint(kind, configJson, true);
    }

    /** A new initialised network (parameters from the configuration's seed). */
    public NeuralNetwork build() {
        NeuralNetwork net;
        if (kind == NetworkKind.MULTI_LAYER) {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(configJson);
            ModelMemory.requireFits("the network", conf);
            MultiLayerConfiguration engaged = OneDnn.engage(conf);
            net = flipAveraged ? FlipAveraging.network(engaged) : new MultiLayerNetwork(engaged);
        } else {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(configJson);
            ModelMemory.requireFits("the network", conf);
            ComputationGraphConfiguration engaged = OneDnn.engage(conf);
            net = flipAveraged ? FlipAveraging.network(engaged) : new ComputationGraph(engaged);
        }
        net.init();
        return net;
    }
}
