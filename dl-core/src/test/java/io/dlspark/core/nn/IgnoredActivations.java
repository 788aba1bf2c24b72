package io.dlspark.core.nn;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds batch-norm layers configured with an activation: DL4J M2.1's batch-norm layer never applies it, so such a
 * layer silently leaves out a nonlinearity its spec asked for (a ReLU must be a layer of its own).
 */
public final class IgnoredActivations {
    private IgnoredActivations() {
    }

    /** The names (or indices) of the network's batch-norm layers whose activation is not the identity. */
    public static List<String> in(NeuralNetwork net) {
        List<String> found = new ArrayList<>();
        if (net instanceof ComputationGraph graph) {
            for (Map.Entry<String, org.deeplearning4j.nn.conf.graph.GraphVertex> v
                : graph.getConfiguration().getVertices().entrySet()) {
                if (v.getValue() instanceof LayerVertex layer) {
                    check(v.getKey(), layer.getLayerConf().getLayer(), found);
                }
            }
        } else if (net instanceof MultiLayerNetwork multi) {
            for (int i = 0; i < multi.getnLayers(); i++) {
                check("layer " + i, multi.getLayerWiseConfigurations().getConf(i).getLayer(), found);
            }
        }
        return found;
    }

    private static void check(String name, Layer layer, List<String> found) {
        if (layer instanceof BatchNormalization bn) {
            IActivation activation = bn.getActivationFn();
            if (activation != null && !(activation instanceof ActivationIdentity)) {
                found.add(name + " (" + activation + ")");
            }
        }
    }
}
