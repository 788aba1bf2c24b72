package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A DL4J {@link ActivationLayer} configuration whose layer computes a plain ReLU in one pass each way
 * ({@link SinglePassReluLayer}); any other activation keeps DL4J's layer. Created by {@link OneDnn#engage}; the
 * public no-argument constructor is for the JSON deserialiser.
 */
public class EngagedActivationLayer extends ActivationLayer {

    /** For the JSON deserialiser; settings are filled in from the saved configuration. */
    public EngagedActivationLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        if (!SinglePassReluLayer.handles(getActivationFn())) {
            return super.instantiate(conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                networkDataType);
        }
        return LayerWiring.wire(new SinglePassReluLayer(conf, networkDataType), this, conf, trainingListeners,
            layerIndex, layerParamsView, initializeParams);
    }
}
