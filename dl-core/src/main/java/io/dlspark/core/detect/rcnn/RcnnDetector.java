package io.dlspark.core.detect.rcnn;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.Detection;
import io.dlspark.core.detect.NonMaxSuppression;
import io.dlspark.core.train.MinibatchAssembler;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Detects with an R-CNN: an image's proposals are warped, scored by the region classifier in batches, each
 * non-background class above the minimum score moves its proposal by its box regressor, then per-class NMS.
 */
public final class RcnnDetector {
    private static final int BATCH = 256;

    private final RcnnModel model;
    private final NeuralNetwork net;
    private final SlidingWindowProposals proposals;
    private final RegionWarp warp;
    /** A graph's output vertex and the vertex feeding it (the regressor's features); null for a sequential net. */
    private final String outputVertex;
    private final String featureVertex;

    /**
     * A detector with the classifier {@code net}: a sequential network or a graph with one input and one output (a
     * residual net); its last class is background.
     */
    public RcnnDetector(RcnnModel model, NeuralNetwork net) {
        String unfit = unfitClassifier(net);
        if (unfit != null) {
            throw new IllegalArgumentException(unfit);
        }
        this.model = model;
        this.net = net;
        this.proposals = new SlidingWindowProposals(model.proposals());
        this.warp = new RegionWarp(model.warpSize());
        if (net instanceof ComputationGraph graph) {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            this.outputVertex = conf.getNetworkOutputs().get(0);
            this.featureVertex = conf.getVertexInputs().get(outputVertex).get(0);
        } else {
            this.outputVertex = null;
            this.featureVertex = null;
        }
    }

    /** The class probabilities and penultimate features of a region classifier on warped regions. */
    public record Scores(float[][] probabilities, float[][] features) {
    }

    /** The detections in one image of the model's scene shape, highest score first. */
    public List<Detection> detect(byte[] pixels) {
        ImageShape shape = model.sceneShape();
        List<Box> boxes = proposals.propose(pixels, shape);
        int classes = model.classNames().size();
        List<Detection> found = new ArrayList<>();
        for (int from = 0; from < boxes.size(); from += BATCH) {
            List<Box> batch = boxes.subList(from, Math.min(from + BATCH, boxes.size()));
            List<byte[]> crops = batch.stream().map(b -> warp.warp(pixels, shape, b)).toList();
            Scores scores = score(crops);
            for (int i = 0; i < batch.size(); i++) {
                for (int c = 0; c < classes; c++) {
                    float p = scores.probabilities()[i][c];
                    if (p < model.minScore()) {
                        continue;
                    }
                    Optional<Box> moved = model.regressor().apply(batch.get(i), c, scores.features()[i])
                        .clip(shape.width(), shape.height());
                    if (moved.isPresent()) {
                        found.add(new Detection(moved.get(), c, p));
                    }
                }
            }
        }
        List<Detection> kept = new NonMaxSuppression(model.nms()).apply(found);
        return kept.subList(0, Math.min(RcnnModel.MAX_DETECTIONS, kept.size()));
    }

    /** The classifier's softmax and the input of its output layer for warped regions (uint8 HWC, warp size). */
    public Scores score(List<byte[]> crops) {
        int n = crops.size();
        ImageShape crop = new ImageShape(model.warpSize(), model.warpSize(), model.sceneShape().channels());
        INDArray input = new MinibatchAssembler(crop, 0, model.convolutional()).images(crops);
        INDArray out;
        INDArray penultimate;
        if (net instanceof MultiLayerNetwork multi) {
            List<INDArray> activations = multi.feedForward(input, false);
            out = activations.get(activations.size() - 1);
            penultimate = activations.get(activations.size() - 2);
        } else {
            Map<String, INDArray> activations = ((ComputationGraph) net).feedForward(input, false);
            out = activations.get(outputVertex);
            penultimate = activations.get(featureVertex);
        }
        return new Scores(out.castTo(DataType.FLOAT).toFloatMatrix(),
            penultimate.castTo(DataType.FLOAT).reshape(n, -1).toFloatMatrix());
    }

    /**
     * Why {@code net} cannot be a region classifier, or null when it can: a sequential network, or a graph with one
     * input and one output whose output layer has one input (its features feed the box regressor).
     */
    public static String unfitClassifier(NeuralNetwork net) {
        if (net instanceof MultiLayerNetwork) {
            return null;
        }
        if (net instanceof ComputationGraph graph) {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            if (conf.getNetworkInputs().size() == 1 && conf.getNetworkOutputs().size() == 1
                && conf.getVertexInputs().get(conf.getNetworkOutputs().get(0)).size() == 1) {
                return null;
            }
        }
        return "the R-CNN region classifier must be a sequential network or a graph with one input and one output "
            + "layer of one input (its features feed the box regressor)";
    }
}
