package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.nn.ModelMemory;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.NetworkBlueprint;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transformer family: sizes, shapes, padding masks, the head, save and load, and describe's counts. */
class TransformerSpecTest {
    /** A small encoder of the bert-tiny spec: the shipped file with its sizes overridden. */
    static final Map<String, Object> SMALL = Map.of("layers", 2, "hidden", 16, "heads", 2, "feed-forward", 32,
        "max-length", 12, "vocabulary-size", 20);
    private static final ModelInput TOKENS = new ModelInput.TokenInput(10, 20);

    /** Parameters of an encoder with a {@code classes}-way head, counted by hand from the architecture. */
    static long expectedParams(int layers, int hidden, int feedForward, int maxLength, int vocabulary, int classes) {
        long h = hidden;
        long embeddings = vocabulary * h + maxLength * h + 2 * h;
        long attention = 4 * (h * h + h);
        long feedForwardParams = h * feedForward + feedForward + feedForward * h + h;
        long block = attention + 2 * h + feedForwardParams + 2 * h;
        long head = h * h + h + h * classes + classes;
        return embeddings + layers * block + head;
    }

    @Test
    void bertTinyAndMiniHaveTheirSizes() {
        assertEquals(1_478_530L, expectedParams(2, 128, 512, 128, 8192, 2));
        assertEquals(5_355_778L, expectedParams(4, 256, 1024, 128, 8192, 2));
        for (String name : List.of("bert-tiny", "bert-mini")) {
            ModelSpec spec = ModelCatalog.resolve(name);
            TransformerSpec transformer = assertInstanceOf(TransformerSpec.class, spec);
            EncoderSize size = transformer.size();
            assertEquals(new ModelInput.TokenInput(128, 8192), spec.exampleInput());
            ModelSummary summary = spec.summarize(spec.exampleInput(), 2);
            assertEquals(expectedParams(size.layers(), size.hidden(), size.feedForward(), 128, 8192, 2), summary.params(),
                name);
        }
        EncoderSize tiny = ((TransformerSpec) ModelCatalog.resolve("bert-tiny")).size();
        assertEquals(new EncoderSize(2, 128, 2, 512, 128, 8192), tiny);
        EncoderSize mini = ((TransformerSpec) ModelCatalog.resolve("bert-mini")).size();
        assertEquals(new EncoderSize(4, 256, 4, 1024, 128, 8192), mini);
    }

    @Test
    void describeCountsTheBuiltNetworksParametersAndAttentionFlops() {
        ModelSpec spec = ModelCatalog.resolve("bert-tiny");
        ModelSummary summary = spec.summarize(spec.exampleInput(), 10);
        ComputationGraph graph = (ComputationGraph) spec.build(spec.exampleInput(), 10, spec.optimizer(), 1);
        assertEquals(Networks.numParams(graph), summary.params());
        assertEquals(expectedParams(2, 128, 512, 128, 8192, 10), summary.params());
        // the memory preflight counts the attention vertices' parameters too
        assertEquals(summary.params(), ModelMemory.of(graph.getConfiguration()).params());
        long t = 128;
        long h = 128;
        long attention = 8 * t * h * h + 4 * t * h + 4 * t * t * h + 5 * 2 * t * t;
        List<ModelSummary.Row> attentionRows = summary.rows().stream().filter(r -> r.type().startsWith("self-attention"))
            .toList();
        assertEquals(2, attentionRows.size());
        assertEquals(attention, attentionRows.get(0).forwardFlops());
        assertEquals(4 * (h * h + h), attentionRows.get(0).params());
        // the matrix products dominate: 2 x (attention + feed-forward 4 t h f) plus the head, about 85 M
        long matmuls = 2 * (8 * t * h * h + 4 * t * t * h + 4 * t * h * 512);
        assertTrue(summary.forwardFlops() > matmuls && summary.forwardFlops() < 1.1 * matmuls, "" + summary.forwardFlops());
        String table = summary.render(32);
        assertTrue(table.contains("self-attention/2") && table.contains("feed-forward/512") && table.contains("128x128"),
            table);
    }

    @Test
    void outputIsOneProbabilityRowPerSequenceAndTheEncoderKeepsTheSequenceShape() {
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", SMALL);
        ComputationGraph graph = (ComputationGraph) spec.build(TOKENS, 3, spec.optimizer(), 3);
        INDArray features = tokens(5, 10, 20, 4, 1);
        INDArray output = Networks.output(graph, features);
        assertArrayEquals(new long[] {5, 3}, output.shape());
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, output.getRow(i).sumNumber().doubleValue(), 1e-5);
        }
        INDArray encoded = graph.feedForward(features, false).get("encoder2-feed-forward-norm");
        assertArrayEquals(new long[] {5, 16, 10}, encoded.shape());
    }

    @Test
    void theHeadHasTheRequestedClassCount() {
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", SMALL);
        for (int classes : new int[] {2, 7}) {
            ComputationGraph graph = (ComputationGraph) spec.build(TOKENS, classes, spec.optimizer(), 1);
            OutputLayer head = (OutputLayer) graph.getLayer(EncoderGraph.OUTPUT).conf().getLayer();
            assertEquals(classes, head.getNOut());
            assertEquals(classes, Networks.output(graph, tokens(2, 10, 20, 3, 2)).size(1));
        }
        UsageException one = assertThrows(UsageException.class, () -> spec.build(TOKENS, 1, spec.optimizer(), 1));
        assertTrue(one.getMessage().contains("at least 2 classes"), one.getMessage());
    }

    /**
     * Padded positions (id 0) are invisible: changing the padding token's embedding, and the position embeddings of
     * padded positions, changes no real position's encoding and no class probability, with [CLS] and mean pooling.
     * Changing one real token does change the other positions' encodings (attention mixes them).
     */
    @Test
    void paddedPositionsChangeNothingElse() {
        for (String pooling : List.of("cls", "mean")) {
            Map<String, Object> overrides = new java.util.HashMap<>(SMALL);
            overrides.put("pooling", pooling);
            ModelSpec spec = ModelCatalog.resolve("bert-tiny", overrides);
            ComputationGraph graph = (ComputationGraph) spec.build(TOKENS, 3, spec.optimizer(), 5);
            INDArray features = tokens(4, 10, 20, 6, 3);
            int real = 6;
            INDArray encodedBefore = realPositions(graph, features, real);
            INDArray outputBefore = Networks.output(graph, features).dup();

            graph.getLayer("token-embedding").getParam("W").getRow(0).addi(3.0);
            graph.getLayer("position-embedding").getParam("P").get(NDArrayIndex.all(), NDArrayIndex.interval(real, 10))
                .addi(-2.0);

            assertTrue(encodedBefore.equalsWithEps(realPositions(graph, features, real), 1e-5), pooling);
            assertTrue(outputBefore.equalsWithEps(Networks.output(graph, features), 1e-6), pooling);

            INDArray changed = features.dup();
            changed.putScalar(0, 3, (changed.getDouble(0, 3) % 18) + 2);
            INDArray other = realPositions(graph, changed, real).get(NDArrayIndex.point(0), NDArrayIndex.all(),
                NDArrayIndex.point(1));
            assertNotEquals(encodedBefore.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(1)), other);
        }
    }

    /** The last block's encoding of the first {@code real} positions. */
    private static INDArray realPositions(ComputationGraph graph, INDArray features, int real) {
        return graph.feedForward(features, false).get("encoder2-feed-forward-norm")
            .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, real)).dup();
    }

    @Test
    void modelZipAndBlueprintRoundTripsGiveIdenticalOutputs() throws Exception {
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", Map.of("layers", 1, "hidden", 16, "heads", 4, "feed-forward", 24,
            "max-length", 12, "vocabulary-size", 20, "pooling", "mean", "dropout", 0.1));
        ComputationGraph graph = (ComputationGraph) spec.build(TOKENS, 3, spec.optimizer(), 5);
        DataSet batch = new DataSet(tokens(6, 10, 20, 5, 4), labels(6, 3, 4));
        graph.fit(batch);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Networks.save(graph, bytes);

        NeuralNetwork restored = Networks.load(NetworkKind.GRAPH, new ByteArrayInputStream(bytes.toByteArray()), "model.zip");

        assertInstanceOf(ComputationGraph.class, restored);
        assertEquals(graph.getConfiguration(), ((ComputationGraph) restored).getConfiguration());
        assertEquals(graph.params(), restored.params());
        assertEquals(Networks.output(graph, batch.getFeatures()), Networks.output(restored, batch.getFeatures()));
        ComputationGraph rebuilt = (ComputationGraph) NetworkBlueprint.of(graph).build();
        rebuilt.setParams(graph.params());
        assertEquals(Networks.output(graph, batch.getFeatures()), Networks.output(rebuilt, batch.getFeatures()));
    }

    /** DL4J M2.1's SameDiff vertices corrupt input gradients on later passes with workspaces; the spec turns them off. */
    @Test
    void everyBackwardPassGivesTheSameGradient() {
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", SMALL);
        ComputationGraph graph = (ComputationGraph) spec.build(TOKENS, 3, spec.optimizer(), 9);
        graph.setInputs(tokens(4, 10, 20, 5, 6));
        graph.setLabels(labels(4, 3, 6));
        graph.computeGradientAndScore();
        INDArray first = graph.gradient().gradient().dup();
        graph.computeGradientAndScore();
        assertEquals(first, graph.gradient().gradient());
        assertTrue(first.amaxNumber().doubleValue() > 0);
    }

    @Test
    void badSpecsAndInputsNameTheKeyOrTheLimit() {
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("heads", 3)), "models.bert-tiny.heads");
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("pooling", "max")), "models.bert-tiny.pooling");
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("example-input", "tokens:64:100")),
            "models.bert-tiny.example-input");
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("layer", 3)), "models.bert-tiny.layer");
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", SMALL);
        assertMessage(() -> spec.build(new ModelInput.TokenInput(13, 20), 2, spec.optimizer(), 1), "max-length 12");
        assertMessage(() -> spec.build(new ModelInput.TokenInput(12, 21), 2, spec.optimizer(), 1), "vocabulary-size 20");
        assertMessage(() -> spec.build(new ModelInput.VectorInput(10), 2, spec.optimizer(), 1), "takes token input");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        UsageException e = assertThrows(UsageException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    /** {@code n} sequences of {@code length} ids in [2, vocabulary), each padded (0) after {@code real} tokens. */
    static INDArray tokens(int n, int length, int vocabulary, int real, long seed) {
        Random random = new Random(seed);
        float[] ids = new float[n * length];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < real; t++) {
                ids[i * length + t] = 2 + random.nextInt(vocabulary - 2);
            }
        }
        return Nd4j.create(ids, new long[] {n, length}, 'c');
    }

    static INDArray labels(int n, int classes, long seed) {
        Random random = new Random(seed);
        float[] labels = new float[n * classes];
        for (int i = 0; i < n; i++) {
            labels[i * classes + random.nextInt(classes)] = 1;
        }
        return Nd4j.create(labels, new long[] {n, classes}, 'c');
    }
}
