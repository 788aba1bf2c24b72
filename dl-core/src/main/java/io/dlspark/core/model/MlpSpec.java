package io.dlspark.core.model;

import io.dlspark.core.data.ImageShape;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/** A multi-layer perceptron with ReLU hidden layers and a softmax output, over flattened inputs. */
public record MlpSpec(String name, List<Integer> hidden) implements ModelSpec {

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public NeuralNetwork build(ImageShape input, int classes, OptimizerConfig optimizer, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(optimizer.updater())
            .weightInit(WeightInit.RELU)
            .list();
        int in = input.size();
        for (int width : hidden) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(classes)
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
