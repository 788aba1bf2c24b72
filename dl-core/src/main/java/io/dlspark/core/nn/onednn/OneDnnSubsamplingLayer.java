package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A DL4J {@link SubsamplingLayer} configuration whose layer runs on oneDNN when the native library has it. Created
 * by {@link OneDnn#engage}; the public no-argument constructor is for the JSON deserialiser.
 */
public class OneDnnSubsamplingLayer extends SubsamplingLayer {

    /** For the JSON deserialiser; settings are filled in from the saved configuration. */
    public OneDnnSubsamplingLayer() {
    }

    /** Mirrors {@link SubsamplingLayer#instantiate}, building a {@link OneDnnSubsampling}. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerWiring.wire(new OneDnnSubsampling(conf, networkDataType), this, conf, trainingListeners, layerIndex,
            layerParamsView, initializeParams);
    }
}
