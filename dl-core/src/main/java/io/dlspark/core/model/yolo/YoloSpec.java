package io.dlspark.core.model.yolo;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.yolo.YoloGrid;
import io.dlspark.core.model.HeaderedCatalogSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.model.sequential.Conv2d;
import io.dlspark.core.model.sequential.LayerDefaults;
import io.dlspark.core.model.sequential.LayerSpec;
import io.dlspark.core.model.sequential.Pool2d;
import io.dlspark.core.model.sequential.Shape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.List;

/**
 * A YOLOv2-style one-stage detector ({@code kind = yolo}): a convolutional backbone of {@code layers}, a 1x1
 * convolution to {@code anchors x (5 + classes)} maps per cell, and DL4J's {@code Yolo2OutputLayer}; every
 * objectness starts at {@code objectnessPrior} and the 1x1 convolution's weights are drawn with standard deviation
 * {@code headWeightStd}.
 */
public record YoloSpec(SpecHeader header, List<LayerSpec> layers, LayerDefaults defaults, int anchors,
                       double lambdaCoord, double lambdaNoObject, double objectnessPrior, ClassLoss classLoss,
                       double headWeightStd)
    implements HeaderedCatalogSpec {
    /**
     * The objectness an untrained detector predicts everywhere. With a zero bias it would be sigmoid(0) = 0.5 at
     * every anchor of every cell; nearly all of them hold no object, so the first steps of the no-object loss then
     * drive the logits far below zero, where the sigmoid's slope (DL4J's Yolo2 loss is squared error on the
     * sigmoid) no longer lets the few object cells climb back: yolo-small on Fashion-MNIST scenes predicted no box.
     * Starting near the share of anchors that hold an object (as RetinaNet's prior) avoids that collapse.
     */
    public static final double DEFAULT_OBJECTNESS_PRIOR = 0.01;

    /**
     * The standard deviation of the 1x1 convolution's initial weights (RetinaNet's head initialisation), so that an
     * untrained detector predicts nearly its anchor boxes, the objectness prior and even class probabilities. With the
     * model-wide ReLU initialisation (0.088 over 256 batch-normalised features) the box exponents started with a
     * standard deviation of about 1.4: boxes up to 50 times their anchor, gradient norms near 1e5 in the first rounds,
     * and Adam's second moment, inflated by them, held the backbone's steps to about a hundredth of the rate for the
     * rest of a 3-epoch run (docs/detection.md).
     */
    public static final double DEFAULT_HEAD_WEIGHT_STD = 0.01;

    /**
     * The loss of the class scores at the cells that hold an object: {@code xent} (cross-entropy on the softmax) or
     * {@code l2} (DL4J's default, squared error on the softmax, whose gradient is a tenth as strong with 10 classes:
     * yolo-small placed Fashion-MNIST boxes well but classed 15% of them right after 2 epochs).
     */
    public enum ClassLoss {
        XENT, L2;

        ILossFunction function() {
            return this == XENT ? new LossMCXENT() : new LossL2();
        }
    }

    public YoloSpec {
        layers = List.copyOf(layers);
        for (LayerSpec layer : layers) {
            if (!(layer instanceof Conv2d) && !(layer instanceof Pool2d)
                && !(layer instanceof io.dlspark.core.model.sequential.BatchNorm)) {
                throw new UsageException(layer.key() + ".type: a yolo backbone takes conv2d, pool2d and batch-norm "
                    + "layers only, not " + layer.type());
            }
        }
    }

    @Override
    public boolean convolutional() {
        return true;
    }

    /** The output grid of the backbone on {@code input}, for {@code classes} classes; shape errors name the layer. */
    public YoloGrid grid(ImageShape input, int classes) {
        Shape shape = Shape.image(input.channels(), input.height(), input.width());
        for (LayerSpec layer : layers) {
            if (!layer.skippedFor(shape)) {
                shape = layer.output(shape);
            }
        }
        return new YoloGrid(input.width(), input.height(), shape.width(), shape.height(), classes);
    }

    /**
     * The initialised detector for images of {@code input} and {@code classes} classes, with the anchor boxes
     * {@code priors} ([anchors][2], width and height in grid cells) as the output layer's bounding-box priors.
     */
    public MultiLayerNetwork build(ImageShape input, int classes, double[][] priors, OptimizerConfig optimizer,
                                   long seed) {
        if (!(objectnessPrior > 0 && objectnessPrior < 1)) {
            throw new IllegalArgumentException("objectness prior must be in (0, 1), got " + objectnessPrior);
        }
        if (priors.length != anchors) {
            throw new IllegalArgumentException(priors.length + " priors for a model of " + anchors + " anchors");
        }
        grid(input, classes);
        NeuralNetConfiguration.ListBuilder list = defaults.networkBuilder(seed, optimizer).list();
        Shape shape = Shape.image(input.channels(), input.height(), input.width());
        for (LayerSpec layer : layers) {
            if (layer.skippedFor(shape)) {
                continue;
            }
            list.layer(layer.toLayer(shape, defaults));
            shape = layer.output(shape);
        }
        ConvolutionLayer.Builder head = new ConvolutionLayer.Builder(1, 1).nOut(anchors * (5 + classes))
            .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same);
        if (headWeightStd > 0) {
            head.weightInit(new NormalDistribution(0, headWeightStd));
        }
        list.layer(head.build());
        list.layer(new Yolo2OutputLayer.Builder().boundingBoxPriors(Nd4j.create(priors).castTo(DataType.FLOAT))
            .lambdaCoord(lambdaCoord).lambdaNoObj(lambdaNoObject).lossClassPredictions(classLoss.function()).build());
        list.setInputType(InputType.convolutional(input.height(), input.width(), input.channels()));
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        startObjectness(net, classes);
        return net;
    }

    /** Sets the bias of each anchor's objectness map in the 1x1 convolution to logit(objectnessPrior). */
    private void startObjectness(MultiLayerNetwork net, int classes) {
        INDArray bias = net.getLayer(net.getnLayers() - 2).getParam("b");
        double logit = Math.log(objectnessPrior / (1 - objectnessPrior));
        for (int anchor = 0; anchor < anchors; anchor++) {
            bias.putScalar(anchor * (5L + classes) + 4, logit);
        }
    }
}
