package io.dlspark.core.detect.yolo;

import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.Detection;
import io.dlspark.core.detect.GroundTruth;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.layers.objdetect.DetectedObject;
import org.deeplearning4j.nn.layers.objdetect.YoloUtils;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encode targets, build the activations a perfect network would give, decode: the boxes come back. */
class YoloRoundTripTest {
    private static final YoloGrid GRID = new YoloGrid(96, 96, 6, 6, 3);
    /** Anchor (width, height) in grid units: small square, wide, tall. */
    private static final double[][] PRIORS = {{1.5, 1.5}, {2.5, 1.2}, {1.2, 2.5}};
    private static final double LOGIT = 12;

    private static INDArray priors() {
        return Nd4j.create(PRIORS);
    }

    /** Random boxes of 10-40 px on the 96x96 image, at most one centre per grid cell, IoU at most 0.3 (kept by NMS). */
    private static List<List<GroundTruth>> batch(long seed, int images) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<GroundTruth>> batch = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            List<GroundTruth> objects = new ArrayList<>();
            boolean[] used = new boolean[36];
            for (int k = 0; k < 4; k++) {
                double w = random.nextDouble(10, 40);
                double h = random.nextDouble(10, 40);
                double x = random.nextDouble(0, 96 - w);
                double y = random.nextDouble(0, 96 - h);
                Box box = new Box(x, y, x + w, y + h);
                int cell = (int) (box.centerY() / 16) * 6 + (int) (box.centerX() / 16);
                if (!used[cell] && objects.stream().allMatch(g -> g.box().iou(box) <= 0.3)) {
                    used[cell] = true;
                    objects.add(new GroundTruth(box, random.nextInt(3)));
                }
            }
            batch.add(objects);
        }
        return batch;
    }

    /**
     * Pre-activation input [batch, B * (5 + C), H, W] that decodes exactly to the labels: in each object's cell the
     * best-shaped anchor gets logit(centre offset), log(size / prior), confidence and class logits of +12; every
     * other anchor a confidence logit of -12.
     */
    private static INDArray perfectInput(INDArray labels) {
        int mb = (int) labels.size(0);
        int b = PRIORS.length;
        int c = GRID.classes();
        INDArray input = Nd4j.zeros(mb, b * (5 + c), 6, 6);
        for (int i = 0; i < mb; i++) {
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    for (int a = 0; a < b; a++) {
                        input.putScalar(new int[]{i, a * (5 + c) + 4, y, x}, -LOGIT);
                    }
                    int cls = -1;
                    for (int k = 0; k < c; k++) {
                        if (labels.getDouble(i, 4 + k, y, x) > 0.5) {
                            cls = k;
                        }
                    }
                    if (cls < 0) {
                        continue;
                    }
                    double x1 = labels.getDouble(i, 0, y, x);
                    double y1 = labels.getDouble(i, 1, y, x);
                    double x2 = labels.getDouble(i, 2, y, x);
                    double y2 = labels.getDouble(i, 3, y, x);
                    double w = x2 - x1;
                    double h = y2 - y1;
                    int a = bestAnchor(w, h);
                    int base = a * (5 + c);
                    input.putScalar(new int[]{i, base, y, x}, logit((x1 + x2) / 2 - x));
                    input.putScalar(new int[]{i, base + 1, y, x}, logit((y1 + y2) / 2 - y));
                    input.putScalar(new int[]{i, base + 2, y, x}, Math.log(w / PRIORS[a][0]));
                    input.putScalar(new int[]{i, base + 3, y, x}, Math.log(h / PRIORS[a][1]));
                    input.putScalar(new int[]{i, base + 4, y, x}, LOGIT);
                    input.putScalar(new int[]{i, base + 5 + cls, y, x}, LOGIT);
                }
            }
        }
        return input;
    }

    private static int bestAnchor(double w, double h) {
        int best = 0;
        double bestIou = -1;
        for (int a = 0; a < PRIORS.length; a++) {
            double inter = Math.min(w, PRIORS[a][0]) * Math.min(h, PRIORS[a][1]);
            double iou = inter / (w * h + PRIORS[a][0] * PRIORS[a][1] - inter);
            if (iou > bestIou) {
                bestIou = iou;
                best = a;
            }
        }
        return best;
    }

    private static double logit(double p) {
        double q = Math.max(1e-6, Math.min(1 - 1e-6, p));
        return Math.log(q / (1 - q));
    }

    @Test
    void labelsFollowTheLayersFormat() {
        // a box [20, 36) x [40, 60) px: centre (28, 50) lies in cell x = 1, y = 3 of 16-px cells
        List<List<GroundTruth>> one = List.of(List.of(new GroundTruth(new Box(20, 40, 36, 60), 2)));
        INDArray labels = new YoloTargetEncoder(GRID).encode(one);
        assertEquals(List.of(1L, 7L, 6L, 6L), List.of(labels.size(0), labels.size(1), labels.size(2), labels.size(3)));
        assertEquals(20 / 16.0, labels.getDouble(0, 0, 3, 1), 1e-6);
        assertEquals(40 / 16.0, labels.getDouble(0, 1, 3, 1), 1e-6);
        assertEquals(36 / 16.0, labels.getDouble(0, 2, 3, 1), 1e-6);
        assertEquals(60 / 16.0, labels.getDouble(0, 3, 3, 1), 1e-6);
        assertEquals(1.0, labels.getDouble(0, 6, 3, 1), 0);
        assertEquals(1.0, labels.sumNumber().doubleValue() - (20 + 40 + 36 + 60) / 16.0, 1e-5, "nothing else set");
    }

    @Test
    void theLargerOfTwoObjectsInACellIsKept() {
        Box small = new Box(18, 18, 28, 28);
        Box large = new Box(10, 10, 36, 36);
        INDArray labels = new YoloTargetEncoder(GRID).encode(List.of(List.of(
            new GroundTruth(small, 0), new GroundTruth(large, 1))));
        assertEquals(10 / 16.0, labels.getDouble(0, 0, 1, 1), 1e-6);
        assertEquals(1.0, labels.getDouble(0, 5, 1, 1), 0);
        assertEquals(0.0, labels.getDouble(0, 4, 1, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> new YoloTargetEncoder(GRID).encode(
            List.of(List.of(new GroundTruth(small, 3)))));
    }

    @Test
    void perfectActivationsDecodeToTheEncodedBoxes() {
        List<List<GroundTruth>> batch = batch(7, 16);
        INDArray labels = new YoloTargetEncoder(GRID).encode(batch);
        INDArray activations = YoloUtils.activate(priors(), perfectInput(labels));
        List<List<Detection>> decoded = new YoloDecoder(GRID, priors(), 0.5, 0.45).decode(activations);
        assertEquals(batch.size(), decoded.size());
        int objects = 0;
        for (int i = 0; i < batch.size(); i++) {
            List<GroundTruth> expected = sorted(batch.get(i));
            List<Detection> actual = decoded.get(i).stream()
                .sorted(Comparator.comparingDouble((Detection d) -> d.box().x1()).thenComparingDouble(d -> d.box().y1()))
                .toList();
            assertEquals(expected.size(), actual.size(), "image " + i);
            for (int k = 0; k < expected.size(); k++) {
                Box e = expected.get(k).box();
                Box a = actual.get(k).box();
                assertEquals(expected.get(k).classId(), actual.get(k).classId(), "image " + i + " object " + k);
                assertEquals(e.x1(), a.x1(), 1e-3, "image " + i + " object " + k);
                assertEquals(e.y1(), a.y1(), 1e-3, "image " + i + " object " + k);
                assertEquals(e.x2(), a.x2(), 1e-3, "image " + i + " object " + k);
                assertEquals(e.y2(), a.y2(), 1e-3, "image " + i + " object " + k);
                assertTrue(actual.get(k).score() > 0.99, "image " + i + ": score " + actual.get(k).score());
                objects++;
            }
        }
        assertTrue(objects > 40, "objects " + objects);
        // DL4J's own walk finds the same boxes (its class probabilities are unusable in M2.1, see YoloDecoder)
        List<DetectedObject> dl4j = YoloUtils.getPredictedObjects(priors(), activations, 0.5, 0);
        assertEquals(objects, dl4j.size());
        for (DetectedObject o : dl4j) {
            double x1 = o.getTopLeftXY()[0] * 16;
            double y1 = o.getTopLeftXY()[1] * 16;
            assertTrue(decoded.get(o.getExampleNumber()).stream().anyMatch(d -> Math.abs(d.box().x1() - x1) < 1e-3
                && Math.abs(d.box().y1() - y1) < 1e-3), "DL4J's " + o);
        }
    }

    @Test
    void dl4jsYoloLossIsNearZeroForThePerfectActivationsOnly() {
        List<List<GroundTruth>> batch = batch(3, 8);
        INDArray labels = new YoloTargetEncoder(GRID).encode(batch);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
            .layer(new Yolo2OutputLayer.Builder().boundingBoxPriors(priors()).build())
            .setInputType(InputType.convolutional(6, 6, PRIORS.length * (5 + GRID.classes())))
            .build());
        net.init();
        INDArray perfect = perfectInput(labels);
        double perfectScore = net.score(new DataSet(perfect, labels));
        // the same activations against labels moved by half a cell (8 px) are far from perfect
        List<List<GroundTruth>> shifted = batch.stream().map(objects -> objects.stream()
            .map(g -> new GroundTruth(g.box().translate(g.box().x2() + 8 <= 96 ? 8 : -8, 0), g.classId())).toList())
            .toList();
        double shiftedScore = net.score(new DataSet(perfect, new YoloTargetEncoder(GRID).encode(shifted)));
        assertTrue(perfectScore < 1e-3, "perfect score " + perfectScore);
        assertTrue(shiftedScore > 100 * perfectScore && shiftedScore > 0.1, "shifted score " + shiftedScore);
    }

    @Test
    void aBoxIsADetectionOfEveryClassWhoseScoreReachesTheThreshold() {
        // one box at cell (x 2, y 4), anchor 1: objectness 0.9, classes 0.60 / 0.38 / 0.02, everything else empty
        INDArray activations = Nd4j.zeros(DataType.FLOAT, 1, 3 * 8, 6, 6);
        int base = 8;
        float[] box = {0.5f, 0.5f, 2f, 2f, 0.9f, 0.60f, 0.38f, 0.02f};
        for (int k = 0; k < box.length; k++) {
            activations.putScalar(new long[] {0, base + k, 4, 2}, box[k]);
        }
        List<Detection> found = new YoloDecoder(GRID, priors(), 0.1, 0.45).decode(activations).get(0);
        assertEquals(2, found.size(), found.toString());
        assertEquals(0, found.get(0).classId());
        assertEquals(0.54, found.get(0).score(), 1e-6);
        assertEquals(1, found.get(1).classId());
        assertEquals(0.342, found.get(1).score(), 1e-6);
        // the same box in pixels for both: centre (2.5, 4.5) cells, 2 x 2 cells of 16 px
        assertEquals(new Box(24, 56, 56, 88), found.get(1).box());
        // at a threshold above the second class's score only the most probable class is left
        assertEquals(1, new YoloDecoder(GRID, priors(), 0.4, 0.45).decode(activations).get(0).size());
    }

    @Test
    void flipAveragingMapsAMirroredScenesOutputBackOntoTheScene() {
        List<List<GroundTruth>> batch = batch(5, 8);
        List<List<GroundTruth>> mirrored = batch.stream().map(objects -> objects.stream().map(g -> new GroundTruth(
            new Box(96 - g.box().x2(), g.box().y1(), 96 - g.box().x1(), g.box().y2()), g.classId())).toList()).toList();
        INDArray plain = activated(batch);
        INDArray ofMirrored = activated(mirrored);
        YoloHead head = new YoloHead(GRID, PRIORS);
        // the mirrored scene's output, mapped back (cells mirrored, x offsets reflected), is the scene's own output
        assertEquals(0, head.flipAveraged(plain, ofMirrored).sub(plain).amaxNumber().doubleValue(), 1e-5);
        // averaged as it is, or with another scene's output, it is not
        assertTrue(plain.add(ofMirrored).muli(0.5).sub(plain).amaxNumber().doubleValue() > 0.1);
        assertTrue(head.flipAveraged(plain, activated(batch(6, 8))).sub(plain).amaxNumber().doubleValue() > 0.1);
        assertThrows(IllegalArgumentException.class, () -> head.flipAveraged(plain, activated(batch(6, 2))));
        // a grid whose cells do not tile the width (100 pixels over 6 cells) has no exact mirror: refused
        YoloHead ragged = new YoloHead(new YoloGrid(100, 96, GRID.gridWidth(), GRID.gridHeight(), GRID.classes()), PRIORS);
        assertFalse(ragged.grid().wholeCellsAcross());
        String message = assertThrows(IllegalArgumentException.class, () -> ragged.flipAveraged(plain, ofMirrored))
            .getMessage();
        assertTrue(message.contains("100 pixels over 6 cells"), message);
    }

    private static INDArray activated(List<List<GroundTruth>> batch) {
        return YoloUtils.activate(priors(), perfectInput(new YoloTargetEncoder(GRID).encode(batch)));
    }

    @Test
    void mismatchedActivationsAreRejected() {
        YoloDecoder decoder = new YoloDecoder(GRID, priors(), 0.5, 0.45);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> decoder.decode(Nd4j.zeros(1, 20, 6, 6)));
        assertTrue(e.getMessage().contains("[batch, 24, 6, 6]"), e.getMessage());
    }

    private static List<GroundTruth> sorted(List<GroundTruth> objects) {
        return objects.stream()
            .sorted(Comparator.comparingDouble((GroundTruth g) -> g.box().x1()).thenComparingDouble(g -> g.box().y1()))
            .toList();
    }
}
