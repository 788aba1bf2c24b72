package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small float32 CNN configurations and seeded data for the oneDNN tests. */
final class CnnFixtures {
    static final long SEED = 12345;

    private CnnFixtures() {
    }

    /** DL4J's LeNet: conv5x5x20, maxpool2, conv5x5x50, maxpool2, dense500, softmax10 on 28x28x1. */
    static MultiLayerConfiguration lenet(WorkspaceMode mode, IUpdater updater) {
        return base(mode, updater).list()
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
            .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
            .layer(output(10))
            .setInputType(InputType.convolutionalFlat(28, 28, 1))
            .build();
    }

    /**
     * Padding, stride, dilation, 'Same' mode, no bias, and average and max pooling with odd sizes, on 13x11x3
     * input so that 'Same' needs asymmetric padding.
     */
    static MultiLayerConfiguration variants(WorkspaceMode mode, IUpdater updater) {
        return base(mode, updater).list()
            .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(6)
                .activation(Activation.RELU).build())
            .layer(new ConvolutionLayer.Builder(3, 2).convolutionMode(ConvolutionMode.Same).nOut(5)
                .activation(Activation.TANH).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same).build())
            .layer(new ConvolutionLayer.Builder(2, 2).dilation(2, 2).convolutionMode(ConvolutionMode.Same)
                .hasBias(false).nOut(4).activation(Activation.IDENTITY).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(1, 1)
                .padding(1, 1).build())
            .layer(output(3))
            .setInputType(InputType.convolutional(13, 11, 3))
            .build();
    }

    /** A seeded minibatch for {@code conf}'s input: features in [0, 1) and one-hot labels. */
    static DataSet batch(long[] featureShape, int classes, int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, featureShape);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, featureShape[0], classes);
        for (int i = 0; i < featureShape[0]; i++) {
            labels.putScalar(i, (i * 7 + seed) % classes, 1.0);
        }
        return new DataSet(features, labels);
    }

    private static NeuralNetConfiguration.Builder base(WorkspaceMode mode, IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
            .seed(SEED)
            .dataType(DataType.FLOAT)
            .trainingWorkspaceMode(mode)
            .inferenceWorkspaceMode(mode)
            .weightInit(WeightInit.XAVIER)
            .updater(updater);
    }

    private static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
            .activation(Activation.SOFTMAX).build();
    }

    /** Sets the batch as the network's input and labels and computes its gradient and score. */
    static void computeGradient(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
    }
}
