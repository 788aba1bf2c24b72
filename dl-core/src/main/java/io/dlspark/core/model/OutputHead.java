package io.dlspark.core.model;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.Serializable;

/**
 * The output layer a supervised network ends in: a softmax over {@code outputs} classes (cross-entropy loss), or a
 * regression head of {@code outputs} values (identity activation, mean squared error loss).
 */
public record OutputHead(int outputs, boolean regression) implements Serializable {
    /** A softmax head over {@code classes} classes. */
    public static OutputHead softmax(int classes) {
        return new OutputHead(classes, false);
    }

    /** A regression head predicting {@code outputs} real values. */
    public static OutputHead regression(int outputs) {
        return new OutputHead(outputs, true);
    }

    /** The DL4J output layer of this head (Xavier-initialised; nIn from the network's input type). */
    public OutputLayer layer() {
        return regression
            ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(outputs).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build()
            : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(outputs).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).build();
    }

    /** The layer's name in model summaries: {@code softmax-output} or {@code regression-output}. */
    public String layerType() {
        return regression ? "regression-output" : "softmax-output";
    }
}
