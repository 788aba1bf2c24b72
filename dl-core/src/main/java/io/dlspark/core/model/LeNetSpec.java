package io.dlspark.core.model;

import io.dlspark.core.data.ImageShape;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's LeNet: conv 5x5x20, max-pool 2x2, conv 5x5x50, max-pool 2x2, dense 500 (ReLU), softmax. On 28x28x1 it has
 * 431,080 parameters.
 */
public record LeNetSpec() implements ModelSpec {

    @Override
    public String name() {
        return "lenet";
    }

    @Override
    public boolean convolutional() {
        return true;
    }

    @Override
    public NeuralNetwork build(ImageShape input, int classes, OptimizerConfig optimizer, long seed) {
        var conf = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(optimizer.updater())
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).stride(1, 1).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
            .layer(new DenseLayer.Builder().activation(Activation.RELU).nOut(500).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(classes)
                .activation(Activation.SOFTMAX).build())
            .setInputType(InputType.convolutional(input.height(), input.width(), input.channels()))
            .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
