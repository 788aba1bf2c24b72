package io.dlspark.core.model.residual;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.NetworkBlueprint;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The residual family: structure and sizes, output shape, a few SGD steps learn, and model.zip round trips. */
class ResNetSpecTest {
    private static final ModelInput FASHION = new ModelInput.ImageInput(new ImageShape(28, 28, 1));
    private static final ModelInput SMALL = new ModelInput.ImageInput(new ImageShape(12, 12, 1));

    /** ResNet-20 as in He et al. 2016 (0.27 M trainable parameters); DL4J's vector adds the running statistics. */
    @Test
    void resnet20HasThePapersSizeAndShortcutsWhereTheShapeChanges() {
        ModelSpec spec = ModelCatalog.resolve("resnet20");
        ComputationGraph graph = (ComputationGraph) spec.build(FASHION, 10, spec.optimizer(), 1);
        long trainable = 272_186;
        // one batch norm after the stem, two per block and one per projection: 784 channels, each with mean and variance
        long runningStatistics = 2L * (16 + 3 * 2 * 16 + (2 * 3 + 1) * 32 + (2 * 3 + 1) * 64);
        assertEquals(trainable + runningStatistics, graph.numParams());
        long projections = java.util.Arrays.stream(graph.getVertices()).map(GraphVertex::getVertexName)
            .filter(n -> n.endsWith("-shortcut-conv")).count();
        assertEquals(2, projections, "stage 2 and 3 change width and resolution; stage 1 keeps the stem's shape");
        ModelSummary summary = spec.summarize(FASHION, 10);
        assertEquals(graph.numParams(), summary.params());
        // about 31 M multiply-adds: the paper's 41 M on 32x32 CIFAR images scaled to 28x28
        assertTrue(summary.forwardFlops() > 60_000_000L && summary.forwardFlops() < 66_000_000L, "" + summary.forwardFlops());
        assertTrue(summary.render(128).contains("add (projection)"), summary.render(128));
        assertTrue(summary.rows().stream().anyMatch(r -> r.type().equals("add (projection)") && r.outputShape().equals("64x7x7")));
    }

    @Test
    void outputIsOneProbabilityRowPerImage() {
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        NeuralNetwork net = spec.build(FASHION, 10, spec.optimizer(), 3);
        INDArray output = Networks.output(net, batch(5, 28, 10, 1).getFeatures());
        assertArrayEquals(new long[] {5, 10}, output.shape());
        assertEquals(5.0, output.sumNumber().doubleValue(), 1e-4);
    }

    @Test
    void aFewSgdStepsLowerTheLossOnAFixedBatch() {
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        ComputationGraph graph = (ComputationGraph) NetworkBlueprint.of(
            spec.build(SMALL, 4, new OptimizerConfig("sgd", 0.05), 7)).build();
        DataSet batch = batch(8, 12, 4, 2);
        double before = graph.score(batch);
        for (int step = 0; step < 10; step++) {
            graph.fit(batch);
        }
        double after = graph.score(batch);
        assertTrue(Double.isFinite(after) && after < 0.7 * before, "loss " + before + " -> " + after);
    }

    @Test
    void modelZipRoundTripGivesIdenticalOutputs() throws Exception {
        ModelSpec spec = ModelCatalog.resolve("resnet8", Map.of("label-smoothing", 0.1, "dense", List.of(16),
            "dropout", 0.2));
        ComputationGraph graph = (ComputationGraph) spec.build(SMALL, 3, spec.optimizer(), 5);
        DataSet batch = batch(8, 12, 3, 4);
        graph.fit(batch);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Networks.save(graph, bytes);

        NeuralNetwork restored = Networks.load(NetworkKind.GRAPH, new ByteArrayInputStream(bytes.toByteArray()), "model.zip");

        assertInstanceOf(ComputationGraph.class, restored);
        assertEquals(graph.params(), restored.params());
        assertEquals(Networks.output(graph, batch.getFeatures()), Networks.output(restored, batch.getFeatures()));
        assertEquals(graph.getConfiguration(), ((ComputationGraph) restored).getConfiguration());
    }

    /** The stem and every block's first convolution are followed by a ReLU that really applies (not only configured). */
    @Test
    void reluFollowsTheStemAndEveryBlocksFirstBatchNorm() {
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        ComputationGraph graph = (ComputationGraph) NetworkBlueprint.of(spec.build(SMALL, 3, spec.optimizer(), 5)).build();
        Map<String, INDArray> activations = graph.feedForward(batch(4, 12, 3, 6).getFeatures(), false);
        for (String name : List.of("stem", "stage1-block1-a", "stage2-block1-a", "stage3-block1-a")) {
            // a fresh network normalises with mean 0 and variance 1 in inference: batch norm passes the convolution on
            INDArray conv = activations.get(name + "-conv");
            INDArray relu = activations.get(name + "-relu");
            assertTrue(conv.minNumber().doubleValue() < 0, name + ": the convolution has negative outputs");
            assertTrue(Transforms.relu(conv, true).equalsWithEps(relu, 1e-3), name + ": the ReLU applies");
        }
        assertEquals(List.of(), io.dlspark.core.nn.IgnoredActivations.in(graph));
    }

    /** With zero-init-residual every block's last gamma starts at 0, so a block's sum is its shortcut alone. */
    @Test
    void zeroInitResidualStartsEveryBlockAsItsShortcut() {
        ModelSpec spec = ModelCatalog.resolve("resnet8", Map.of("zero-init-residual", true));
        ComputationGraph graph = (ComputationGraph) spec.build(SMALL, 3, spec.optimizer(), 5);
        ComputationGraph plain = (ComputationGraph) ModelCatalog.resolve("resnet8").build(SMALL, 3, spec.optimizer(), 5);
        int blocks = 0;
        for (GraphVertex vertex : graph.getVertices()) {
            if (!vertex.hasLayer() || !vertex.getVertexName().endsWith("-bn")) {
                continue;
            }
            double gamma = vertex.getLayer().getParam("gamma").meanNumber().doubleValue();
            boolean last = vertex.getVertexName().endsWith("-b-bn");
            assertEquals(last ? 0.0 : 1.0, gamma, 0.0, vertex.getVertexName());
            assertEquals(1.0, plain.getLayer(vertex.getVertexName()).getParam("gamma").meanNumber().doubleValue(), 0.0);
            blocks += last ? 1 : 0;
        }
        assertEquals(3, blocks);
        Map<String, INDArray> activations = graph.feedForward(batch(4, 12, 3, 6).getFeatures(), false);
        // stage 1 keeps the stem's shape: an identity shortcut, so the block passes the stem's output through
        assertEquals(activations.get("stem-relu"), activations.get("stage1-block1-add"));
        assertEquals(Transforms.relu(activations.get("stage2-block1-shortcut-bn"), true),
            activations.get("stage2-block1-relu"));
        assertTrue(activations.get("stage2-block1-a-relu").amaxNumber().doubleValue() > 0, "the residual branch still computes");
    }

    @Test
    void badSpecsNameTheKey() {
        UsageException widths = assertThrows(UsageException.class,
            () -> ModelCatalog.resolve("resnet8", Map.of("widths", List.of(16, 32))));
        assertTrue(widths.getMessage().contains("models.resnet8.widths") && widths.getMessage().contains("one per stage"),
            widths.getMessage());
        UsageException pool = assertThrows(UsageException.class,
            () -> ModelCatalog.resolve("resnet8", Map.of("global-pool", "median")));
        assertTrue(pool.getMessage().contains("models.resnet8.global-pool"), pool.getMessage());
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        UsageException vector = assertThrows(UsageException.class,
            () -> spec.build(new ModelInput.VectorInput(10), 2, spec.optimizer(), 1));
        assertTrue(vector.getMessage().contains("takes image input"), vector.getMessage());
    }

    /** Random images of one channel and one-hot labels. */
    static DataSet batch(int n, int side, int classes, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        float[] labels = new float[n * classes];
        for (int i = 0; i < n; i++) {
            labels[i * classes + random.nextInt(classes)] = 1;
        }
        return new DataSet(Nd4j.create(pixels, new long[] {n, 1, side, side}, 'c'),
            Nd4j.create(labels, new long[] {n, classes}, 'c'));
    }
}
