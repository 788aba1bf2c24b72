package io.dlspark.core.detect.yolo;

import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.Detection;
import io.dlspark.core.detect.NonMaxSuppression;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code Yolo2OutputLayer}'s activated output into detections per image: pixel boxes clipped to the image,
 * score = objectness x class probability, then per-class NMS. A box whose objectness reaches the threshold is a
 * detection of its most probable class and of every other class whose score reaches the threshold too (as the R-CNN's
 * boxes, and as Faster R-CNN and SSD are evaluated), so a garment taken for a look-alike class is still found, lower
 * in the ranking, in its own class. It walks the activations itself because DL4J M2.1's
 * {@code YoloUtils.getPredictedObjects} loses class probabilities at some (example, anchor) positions.
 */
public final class YoloDecoder {
    private final YoloGrid grid;
    private final INDArray priors;
    private final double confidenceThreshold;
    private final NonMaxSuppression nms;

    /**
     * @param priors              the anchor boxes given to the layer, [B, 2] (width, height) in grid units
     * @param confidenceThreshold objectness below which a cell's box is ignored, in [0, 1]
     * @param nmsThreshold        IoU above which a lower-scored same-class box is suppressed
     */
    public YoloDecoder(YoloGrid grid, INDArray priors, double confidenceThreshold, double nmsThreshold) {
        if (priors.rank() != 2 || priors.size(1) != 2) {
            throw new IllegalArgumentException("priors must be [B, 2], got " + java.util.Arrays.toString(priors.shape()));
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidence threshold must be in [0, 1], got " + confidenceThreshold);
        }
        this.grid = grid;
        this.priors = priors;
        this.confidenceThreshold = confidenceThreshold;
        this.nms = new NonMaxSuppression(nmsThreshold);
    }

    /** Detections of each image of the minibatch, from the layer's activations [batch, B * (5 + C), gridH, gridW]. */
    public List<List<Detection>> decode(INDArray activations) {
        long expected = priors.size(0) * (5L + grid.classes());
        if (activations.rank() != 4 || activations.size(1) != expected || activations.size(2) != grid.gridHeight()
            || activations.size(3) != grid.gridWidth()) {
            throw new IllegalArgumentException("activations " + java.util.Arrays.toString(activations.shape())
                + " do not match [batch, " + expected + ", " + grid.gridHeight() + ", " + grid.gridWidth() + "]");
        }
        int batch = (int) activations.size(0);
        float[] values = activations.dup('c').data().asFloat();
        List<List<Detection>> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            out.add(nms.apply(image(values, i)));
        }
        return out;
    }

    /** The detections of example {@code i} above the confidence threshold, before NMS (one per qualifying class). */
    private List<Detection> image(float[] values, int i) {
        int anchors = (int) priors.size(0);
        int stride = 5 + grid.classes();
        int gh = grid.gridHeight();
        int gw = grid.gridWidth();
        int plane = gh * gw;
        int example = i * anchors * stride * plane;
        List<Detection> detections = new ArrayList<>();
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                for (int a = 0; a < anchors; a++) {
                    int at = example + a * stride * plane + y * gw + x;
                    double confidence = values[at + 4 * plane];
                    if (confidence < confidenceThreshold) {
                        continue;
                    }
                    int classId = 0;
                    for (int c = 1; c < grid.classes(); c++) {
                        if (values[at + (5 + c) * plane] > values[at + (5 + classId) * plane]) {
                            classId = c;
                        }
                    }
                    for (int c = 0; c < grid.classes(); c++) {
                        double score = confidence * values[at + (5 + c) * plane];
                        if (c == classId || score >= confidenceThreshold) {
                            toDetection(values[at] + x, values[at + plane] + y, values[at + 2 * plane],
                                values[at + 3 * plane], c, score).ifPresent(detections::add);
                        }
                    }
                }
            }
        }
        return detections;
    }

    /** A box from its centre and size in grid units, in pixels and clipped to the image; empty if nothing is left. */
    private Optional<Detection> toDetection(double centerX, double centerY, double width, double height, int classId,
                                            double score) {
        double x1 = (centerX - width / 2) * grid.cellWidth();
        double y1 = (centerY - height / 2) * grid.cellHeight();
        double x2 = (centerX + width / 2) * grid.cellWidth();
        double y2 = (centerY + height / 2) * grid.cellHeight();
        if (!(x2 > x1 && y2 > y1) || !Double.isFinite(x1 + y1 + x2 + y2)) {
            return Optional.empty();
        }
        return new Box(x1, y1, x2, y2).clip(grid.imageWidth(), grid.imageHeight())
            .map(b -> new Detection(b, classId, score));
    }
}
