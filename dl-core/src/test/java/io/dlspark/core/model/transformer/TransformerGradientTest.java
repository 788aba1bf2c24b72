package io.dlspark.core.model.transformer;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.blocks.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole encoder, embeddings to softmax, passes DL4J's double-precision gradient check on padded sequences, with
 * [CLS] and with mean pooling: the blocks compose with exact gradients.
 */
@ExtendWith(DoublePrecision.class)
class TransformerGradientTest {
    private static final ModelInput TOKENS = new ModelInput.TokenInput(6, 9);

    @Test
    void clsPooledEncoderPassesTheGradientCheck() {
        assertTrue(check("cls"));
    }

    @Test
    void meanPooledEncoderPassesTheGradientCheck() {
        assertTrue(check("mean"));
    }

    private static boolean check(String pooling) {
        Map<String, Object> overrides = new HashMap<>(Map.of("layers", 2, "hidden", 4, "heads", 2, "feed-forward", 6,
            "max-length", 8, "vocabulary-size", 9, "pooling", pooling));
        TransformerSpec spec = (TransformerSpec) ModelCatalog.resolve("bert-tiny", overrides);
        ComputationGraph graph = new ComputationGraph(spec.configuration(TOKENS, 3, new OptimizerConfig("sgd", 1.0), 4,
            DataType.DOUBLE).conf());
        graph.init();
        INDArray tokens = TransformerSpecTest.tokens(3, 6, 9, 4, 8).castTo(DataType.DOUBLE);
        tokens.putScalar(1, 4, 5);
        INDArray labels = TransformerSpecTest.labels(3, 3, 8).castTo(DataType.DOUBLE);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
            .inputs(new INDArray[] {tokens}).labels(new INDArray[] {labels})
            .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).subset(true).maxPerParam(6));
    }
}
