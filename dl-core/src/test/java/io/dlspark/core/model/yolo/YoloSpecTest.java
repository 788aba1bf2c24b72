package io.dlspark.core.model.yolo;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.yolo.YoloGrid;
import io.dlspark.core.detect.yolo.YoloHead;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.AugmentedBatch;
import io.dlspark.core.train.BoxRecordAugmenter;
import io.dlspark.core.train.DetectionBatches;
import io.dlspark.core.train.DetectionRecords;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kind = yolo}: the shipped detector's grid and output, its minibatches, and what it refuses. */
class YoloSpecTest {
    private static final ImageShape SCENE = new ImageShape(96, 96, 1);
    private static final double[][] PRIORS = {{1.5, 1.5}, {2, 2.5}, {2.5, 2}};

    @Test
    void yoloSmallSeesA96PixelSceneAsASixBySixGridAndTrainsOnDetectorMinibatches() {
        YoloSpec spec = (YoloSpec) ModelCatalog.resolveAny("yolo-small", Map.of());
        assertEquals(new ModelInput.ImageInput(SCENE), spec.header().exampleInput());
        YoloGrid grid = spec.grid(SCENE, 10);
        assertEquals(new YoloGrid(96, 96, 6, 6, 10), grid);
        NeuralNetwork net = NetworkBlueprint.of(spec.build(SCENE, 10, PRIORS, spec.optimizer(), 3)).build();
        YoloHead head = YoloHead.of(net, SCENE).orElseThrow();
        assertEquals(grid, head.grid());
        assertArrayEquals(PRIORS[2], head.priors()[2], 1e-6);

        DetectionRecords records = DetectionRecords.pack(List.of("a", "b"), List.of(image(10), image(50)),
            List.of(List.of(new GroundTruth(new Box(10, 12, 40, 44), 3)),
                List.of(new GroundTruth(new Box(50, 50, 80, 90), 7), new GroundTruth(new Box(2, 60, 20, 90), 0))), 96 * 96);
        PartitionData data = new PartitionData(0, records, new int[2], new long[] {1, 2}, null);
        DataSet batch = MinibatchAssembler.detection(new DetectionBatches(SCENE, grid, null))
            .assemble(data, new int[] {1, 0}, 0, 2, 0);
        assertArrayEquals(new long[] {2, 1, 96, 96}, batch.getFeatures().shape());
        assertArrayEquals(new long[] {2, 14, 6, 6}, batch.getLabels().shape());
        // record b first: its object of class 7 is centred at (65, 70), cell (4, 4); x1 = 50 / 16 cells
        assertEquals(50 / 16.0, batch.getLabels().getDouble(0, 0, 4, 4), 1e-6);
        assertEquals(1.0, batch.getLabels().getDouble(0, 4 + 7, 4, 4));
        assertEquals(1.0, batch.getLabels().getDouble(1, 4 + 3, 1, 1));

        INDArray before = net.params().dup();
        for (int step = 0; step < 2; step++) {
            net.fit(batch);
        }
        assertTrue(Double.isFinite(Networks.score(net)));
        assertNotEquals(before, net.params());
        assertArrayEquals(new long[] {2, 3 * 15, 6, 6}, Networks.output(net, batch.getFeatures()).shape());
    }

    @Test
    void anAugmenterMovesTheLabelsWithTheImageForItsRecordAndEpoch() {
        YoloGrid grid = new YoloGrid(96, 96, 6, 6, 2);
        DetectionRecords records = DetectionRecords.pack(List.of("a"), List.of(image(10)),
            List.of(List.of(new GroundTruth(new Box(0, 0, 20, 20), 1))), 96 * 96);
        PartitionData data = new PartitionData(0, records, new int[1], new long[] {42}, null);
        List<String> calls = new ArrayList<>();
        BoxRecordAugmenter flip = (pixels, objects, key, epoch) -> {
            calls.add(key + "@" + epoch);
            byte[] out = new byte[pixels.length];
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    out[y * 96 + 95 - x] = pixels[y * 96 + x];
                }
            }
            return new BoxRecordAugmenter.Augmented(out, objects.stream().map(o -> new GroundTruth(
                new Box(96 - o.box().x2(), o.box().y1(), 96 - o.box().x1(), o.box().y2()), o.classId())).toList());
        };
        DataSet batch = new DetectionBatches(SCENE, grid, flip).assemble(data, AugmentedBatch.identity(1), 0, 1, 4);
        assertEquals(List.of("42@4"), calls);
        assertEquals(76 / 16.0, batch.getLabels().getDouble(0, 0, 0, 5), 1e-6);
        assertEquals(1.0, batch.getLabels().getDouble(0, 5, 0, 5));
        assertEquals(1f, batch.getFeatures().getFloat(0, 0, 10, 95 - 10) * 255f / 200f, 1e-3);
        DataSet plain = new DetectionBatches(SCENE, grid, flip).plain().assemble(data, AugmentedBatch.identity(1), 0, 1, 4);
        assertEquals(1.0, plain.getLabels().getDouble(0, 5, 0, 0));
    }

    @Test
    void aBackboneOfDenseLayersAndAClassifierAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dense-yolo.conf");
        Files.writeString(file, "kind = yolo\nlayers = [ { type = dense, size = 10 } ]\n");
        String dense = assertThrows(UsageException.class, () -> ModelCatalog.resolveAny(file.toString(), Map.of()))
            .getMessage();
        assertTrue(dense.startsWith("models.dense-yolo.layers[0].type: a yolo backbone takes conv2d"), dense);
        NeuralNetwork lenet = ModelCatalog.resolve("lenet").build(new ModelInput.ImageInput(SCENE), 10,
            ModelCatalog.resolve("lenet").optimizer(), 1);
        assertTrue(YoloHead.of(lenet, SCENE).isEmpty());
    }

    @Test
    void anUntrainedDetectorPredictsTheObjectnessPriorNotOneHalf() {
        // With DL4J's zero bias every objectness starts at sigmoid(0) = 0.5; the no-object loss then drove yolo-small's
        // logits so far down on Fashion-MNIST scenes that it predicted no box after 12 epochs (docs/detection.md).
        for (double prior : new double[] {YoloSpec.DEFAULT_OBJECTNESS_PRIOR, 0.25}) {
            YoloSpec spec = (YoloSpec) ModelCatalog.resolveAny("yolo-small", Map.of("objectness-prior", prior));
            assertEquals(prior, spec.objectnessPrior());
            NeuralNetwork net = spec.build(SCENE, 10, PRIORS, spec.optimizer(), 3);
            // a blank scene: every backbone activation is zero, so each objectness is sigmoid(bias) exactly
            INDArray out = Networks.output(net, Nd4j.zeros(DataType.FLOAT, 1, 1, 96, 96));
            for (int anchor = 0; anchor < 3; anchor++) {
                INDArray objectness = out.get(NDArrayIndex.point(0), NDArrayIndex.point(anchor * 15 + 4));
                assertEquals(prior, objectness.minNumber().doubleValue(), 1e-6);
                assertEquals(prior, objectness.maxNumber().doubleValue(), 1e-6);
                // the class scores and box offsets keep DL4J's start: uniform classes, anchor-sized boxes
                assertEquals(0.1, out.getDouble(0, anchor * 15 + 5, 2, 3), 1e-6);
                assertEquals(PRIORS[anchor][0], out.getDouble(0, anchor * 15 + 2, 2, 3), 1e-6);
            }
        }
        String bad = assertThrows(UsageException.class, () -> ModelCatalog.resolveAny("yolo-small",
            Map.of("objectness-prior", 0.9))).getMessage();
        assertTrue(bad.contains("objectness-prior"), bad);
    }

    @Test
    void anUntrainedHeadPredictsBoxesNearItsAnchorsOnAnyScene() {
        INDArray noise = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(11), 2, 1, 96, 96)
            .castTo(DataType.FLOAT);
        double small = boxLogSpread(Map.of(), noise);
        double wide = boxLogSpread(Map.of("head-weight-std", 0), noise);
        // the spread of log(predicted size / anchor size) is linear in the head's weights: 0.01 against ReLU's 0.125
        assertTrue(small > 0 && small < wide / 5, "spread " + small + " with the default, " + wide + " without");
        assertEquals(YoloSpec.DEFAULT_HEAD_WEIGHT_STD,
            ((YoloSpec) ModelCatalog.resolveAny("yolo-small", Map.of())).headWeightStd());
    }

    /** The standard deviation of log(predicted width / anchor width) over every anchor and cell of {@code scenes}. */
    private static double boxLogSpread(Map<String, Object> overrides, INDArray scenes) {
        YoloSpec spec = (YoloSpec) ModelCatalog.resolveAny("yolo-small", overrides);
        MultiLayerNetwork net = spec.build(SCENE, 10, PRIORS, spec.optimizer(), 3);
        INDArray out = Networks.output(net, scenes);
        List<Double> logs = new ArrayList<>();
        for (int anchor = 0; anchor < 3; anchor++) {
            INDArray widths = out.get(NDArrayIndex.all(), NDArrayIndex.point(anchor * 15 + 2)).dup();
            for (double w : widths.data().asDouble()) {
                logs.add(Math.log(w / PRIORS[anchor][0]));
            }
        }
        double mean = logs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Math.sqrt(logs.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElseThrow());
    }

    @Test
    void theClassScoresLearnByCrossEntropyUnlessTheSpecAsksForSquaredError() {
        for (String loss : List.of("xent", "l2")) {
            YoloSpec spec = (YoloSpec) ModelCatalog.resolveAny("yolo-small", Map.of("class-loss", loss));
            MultiLayerNetwork net = spec.build(SCENE, 10, PRIORS, spec.optimizer(), 3);
            Yolo2OutputLayer head = (Yolo2OutputLayer) net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1)
                .getLayer();
            assertEquals(loss.equals("xent") ? LossMCXENT.class : LossL2.class, head.getLossClassPredictions().getClass());
        }
        assertEquals(YoloSpec.ClassLoss.XENT, ((YoloSpec) ModelCatalog.resolveAny("yolo-small", Map.of())).classLoss());
        String bad = assertThrows(UsageException.class, () -> ModelCatalog.resolveAny("yolo-small",
            Map.of("class-loss", "hinge"))).getMessage();
        assertTrue(bad.endsWith("class-loss: expected xent or l2, got 'hinge'"), bad);
    }

    /** A grey image with one bright pixel row segment at row and column {@code at}. */
    private static byte[] image(int at) {
        byte[] pixels = new byte[96 * 96];
        Arrays.fill(pixels, at * 96, at * 96 + 96, (byte) 0);
        pixels[at * 96 + at] = (byte) 200;
        return pixels;
    }
}
