package io.dlspark.core.detect.yolo;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.FlipAveraging;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.Optional;

/**
 * What decoding a detector's output needs, read from the network itself: its output grid on images of a shape and
 * the anchor boxes of its {@code Yolo2OutputLayer} (width and height in grid cells).
 */
public record YoloHead(YoloGrid grid, double[][] priors) implements Serializable {
    /** Objectness below which a box is not reported. */
    public static final double CONFIDENCE = 0.01;
    /** IoU above which NMS suppresses a same-class box. */
    public static final double NMS = 0.45;

    /**
     * The head of {@code net} on images of {@code shape}, or empty when {@code net} does not end in a
     * {@code Yolo2OutputLayer} (it is not a detector).
     */
    public static Optional<YoloHead> of(NeuralNetwork net, ImageShape shape) {
        if (!(net instanceof MultiLayerNetwork multi) || multi.getnLayers() == 0) {
            return Optional.empty();
        }
        Layer last = multi.getLayerWiseConfigurations().getConf(multi.getnLayers() - 1).getLayer();
        if (!(last instanceof Yolo2OutputLayer yolo)) {
            return Optional.empty();
        }
        double[][] priors = yolo.getBoundingBoxes().castTo(DataType.DOUBLE).toDoubleMatrix();
        INDArray out = multi.output(Nd4j.zeros(DataType.FLOAT, 1, shape.channels(), shape.height(), shape.width()));
        int classes = (int) (out.size(1) / priors.length) - 5;
        return Optional.of(new YoloHead(new YoloGrid(shape.width(), shape.height(), (int) out.size(3), (int) out.size(2),
            classes), priors));
    }

    /**
     * Horizontal-flip test-time augmentation of a detector: the mean of {@code plain}, the activated output of some
     * images, and {@code ofMirrored}, the output of the same images mirrored left to right, mapped back onto the
     * images' grid (cells mirrored, each box's x offset within its cell reflected; sizes, objectness and class
     * probabilities are unchanged by a mirror). Refused unless the cells tile the image width
     * ({@link YoloGrid#wholeCellsAcross()}): otherwise mirrored cells do not fall on cells.
     */
    public INDArray flipAveraged(INDArray plain, INDArray ofMirrored) {
        if (!grid.wholeCellsAcross()) {
            throw new IllegalArgumentException("flip averaging needs cells that tile the image width; "
                + grid.imageWidth() + " pixels over " + grid.gridWidth() + " cells do not");
        }
        if (!java.util.Arrays.equals(plain.shape(), ofMirrored.shape()) || plain.rank() != 4
            || plain.size(1) != priors.length * (5L + grid.classes())) {
            throw new IllegalArgumentException("flip averaging needs two outputs of shape [batch, "
                + priors.length * (5L + grid.classes()) + ", gridH, gridW], got " + java.util.Arrays.toString(plain.shape())
                + " and " + java.util.Arrays.toString(ofMirrored.shape()));
        }
        long[] shape = plain.shape();
        int channels = (int) shape[1];
        int plane = (int) (shape[2] * shape[3]);
        int stride = 5 + grid.classes();
        float[] mean = plain.dup('c').data().asFloat();
        float[] back = FlipAveraging.mirror(ofMirrored).dup('c').data().asFloat();
        for (int i = 0; i < mean.length; i++) {
            boolean xOffset = (i / plane) % channels % stride == 0;
            mean[i] = (mean[i] + (xOffset ? 1 - back[i] : back[i])) / 2;
        }
        return Nd4j.create(mean, shape, 'c').castTo(plain.dataType());
    }

    /** The decoder of this head's activations at the default confidence and NMS thresholds. */
    public YoloDecoder decoder() {
        return new YoloDecoder(grid, Nd4j.create(priors), CONFIDENCE, NMS);
    }
}
