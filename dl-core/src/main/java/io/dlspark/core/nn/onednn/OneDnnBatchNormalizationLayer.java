package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationWithHelper;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A DL4J {@link BatchNormalization} configuration whose layer runs on {@link RowwiseBatchNormHelper} (training on
 * NCHW activations) and oneDNN's batch normalisation (inference, other inputs) when the native
 * library has it (and gamma and beta are not locked). Created by {@link OneDnn#engage}; the public no-argument
 * constructor is for the JSON deserialiser.
 */
public class OneDnnBatchNormalizationLayer extends BatchNormalization {

    /** For the JSON deserialiser; settings are filled in from the saved configuration. */
    public OneDnnBatchNormalizationLayer() {
    }

    /** Mirrors {@link BatchNormalization#instantiate}, building a layer with {@link RowwiseBatchNormHelper}. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNOutSet("BatchNormalization", getLayerName(), layerIndex, getNOut());
        boolean oneDnn = OneDnn.available() && !isLockGammaBeta();
        return LayerWiring.wire(new BatchNormalizationWithHelper(conf, networkDataType,
                oneDnn ? new RowwiseBatchNormHelper(networkDataType) : null), this, conf, trainingListeners, layerIndex,
            layerParamsView, initializeParams);
    }
}
