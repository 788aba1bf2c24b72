package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.blocks.DoublePrecision;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A classifier of {@code windows = K} reads a record as K windows: each window is encoded exactly as the one-window
 * encoder encodes it alone (same parameters, positions numbered from 0 in every window, no attention across windows),
 * the head mean-pools over every real position of all windows, and the whole passes the gradient check.
 */
@ExtendWith(DoublePrecision.class)
class WindowedEncoderTest {
    private static final Map<String, Object> SMALL = Map.of("layers", 2, "hidden", 8, "heads", 2, "feed-forward", 12,
        "max-length", 5, "vocabulary-size", 20, "pooling", "mean");

    private static TransformerSpec spec(int windows) {
        Map<String, Object> overrides = new HashMap<>(SMALL);
        overrides.put("windows", windows);
        return (TransformerSpec) ModelCatalog.resolve("bert-tiny", overrides);
    }

    @Test
    void eachWindowIsEncodedAsTheOneWindowEncoderEncodesItAlone() {
        TransformerSpec one = spec(1);
        TransformerSpec three = spec(3);
        assertEquals(new ModelInput.TokenInput(15, 20), three.exampleInput());
        ComputationGraph single = (ComputationGraph) one.build(new ModelInput.TokenInput(5, 20), 2, one.optimizer(), 3);
        ComputationGraph windowed = (ComputationGraph) three.build(three.exampleInput(), 2, three.optimizer(), 3);
        assertEquals(single.numParams(), windowed.numParams(), "windows add no parameter");
        windowed.setParams(single.params());
        // row 0: three windows, the last one short; row 1: one window, then two of padding only
        INDArray tokens = Nd4j.create(new double[][] {
            {2, 5, 7, 9, 3, 2, 11, 4, 6, 3, 2, 8, 3, 0, 0},
            {2, 12, 13, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}).castTo(DataType.DOUBLE);

        INDArray encoded = lastBlock(windowed, tokens);
        for (int w = 0; w < 3; w++) {
            INDArray part = tokens.get(NDArrayIndex.all(), NDArrayIndex.interval(5 * w, 5 * w + 5)).dup();
            INDArray alone = lastBlock(single, part);
            for (int row = 0; row < 2; row++) {
                for (int t = 0; t < 5; t++) {
                    if (part.getDouble(row, t) != 0) {
                        INDArray expected = alone.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.point(t));
                        INDArray actual = encoded.get(NDArrayIndex.point(row), NDArrayIndex.all(),
                            NDArrayIndex.point(5 * w + t));
                        assertTrue(expected.equalsWithEps(actual, 1e-9), "window " + w + " row " + row + " position " + t);
                    }
                }
            }
        }
        // the head pools over the real positions of all windows: the same record cut into one window differs
        INDArray firstWindowOnly = tokens.dup();
        firstWindowOnly.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 15)).assign(0);
        INDArray pooled = Networks.output(windowed, tokens);
        assertNotEquals(pooled.getRow(0), Networks.output(windowed, firstWindowOnly).getRow(0));
        assertEquals(pooled.getRow(1), Networks.output(single, tokens.get(NDArrayIndex.interval(1, 2),
            NDArrayIndex.interval(0, 5)).dup()).getRow(0), "padding-only windows count for nothing");
    }

    private static INDArray lastBlock(ComputationGraph graph, INDArray tokens) {
        return graph.feedForward(tokens, false).get("encoder2-feed-forward-norm").dup();
    }

    /** {@code models describe}: every encoder row of K windows costs K times the one-window row; attention no more. */
    @Test
    void describeCountsKOneWindowPasses() {
        ModelSummary one = spec(1).summarize(new ModelInput.TokenInput(5, 20), 2);
        ModelSummary three = spec(3).summarize(spec(3).exampleInput(), 2);
        assertEquals(one.params(), three.params());
        int compared = 0;
        for (int i = 0; i < one.rows().size(); i++) {
            ModelSummary.Row row = one.rows().get(i);
            if (row.type().startsWith("self-attention") || row.type().startsWith("feed-forward")) {
                assertEquals(3 * row.forwardFlops(), three.rows().get(i).forwardFlops(), row.type());
                assertEquals(3 * row.outputValues(), three.rows().get(i).outputValues(), row.type());
                compared++;
            }
        }
        assertEquals(4, compared, "two blocks of attention and feed-forward");
    }

    @Test
    void windowedEncoderPassesTheGradientCheck() {
        TransformerSpec spec = spec(2);
        ModelInput input = new ModelInput.TokenInput(8, 20);
        ComputationGraph graph = new ComputationGraph(spec.configuration(input, 3, new OptimizerConfig("sgd", 1.0), 4,
            DataType.DOUBLE).conf());
        graph.init();
        INDArray tokens = TransformerSpecTest.tokens(3, 8, 20, 7, 8).castTo(DataType.DOUBLE);
        tokens.putScalar(0, 4, 2);
        tokens.get(NDArrayIndex.point(1), NDArrayIndex.interval(4, 8)).assign(0);
        INDArray labels = TransformerSpecTest.labels(3, 3, 8).castTo(DataType.DOUBLE);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
            .inputs(new INDArray[] {tokens}).labels(new INDArray[] {labels})
            .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).subset(true).maxPerParam(6)));
    }

    @Test
    void windowsNeedMeanPoolingAClassifierAndWholeWindows() {
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("windows", 2)),
            "models.bert-tiny.windows: 2 windows need models.bert-tiny.pooling = mean (cls pooling would read the first "
                + "window only)");
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("windows", 2, "pooling", "mean", "objective", "mlm")),
            "masked-language-model pretraining reads single passages");
        assertMessage(() -> ModelCatalog.resolve("bert-tiny", Map.of("windows", 0, "pooling", "mean")),
            "models.bert-tiny.windows");
        TransformerSpec spec = spec(3);
        assertMessage(() -> spec.build(new ModelInput.TokenInput(16, 20), 2, spec.optimizer(), 1),
            "sequences of 16 tokens are not 3 windows of equal length");
        assertMessage(() -> spec.build(new ModelInput.TokenInput(18, 20), 2, spec.optimizer(), 1),
            "sequences of 6 tokens exceed its max-length 5");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        UsageException e = assertThrows(UsageException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
