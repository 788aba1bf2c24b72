package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/** DL4J's wiring of a new layer implementation to its listeners, index, parameter view and configuration. */
final class LayerWiring {
    private LayerWiring() {
    }

    static Layer wire(Layer layer, org.deeplearning4j.nn.conf.layers.Layer layerConf, NeuralNetConfiguration conf,
                      Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(layerConf.initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
