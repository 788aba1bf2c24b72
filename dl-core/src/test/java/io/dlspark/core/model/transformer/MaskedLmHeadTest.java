package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The masked-language-model head of the transformer family: shapes, loss over masked positions only, describe. */
class MaskedLmHeadTest {
    private static final int LENGTH = 10;
    private static final int VOCABULARY = 20;

    private static TransformerSpec mlm() {
        Map<String, Object> overrides = new HashMap<>(TransformerSpecTest.SMALL);
        overrides.put("objective", "mlm");
        return (TransformerSpec) ModelCatalog.resolve("bert-tiny", overrides);
    }

    @Test
    void theObjectiveKeyGivesAPerPositionSoftmaxOverTheVocabularyWhoseParametersDescribeCounts() {
        TransformerSpec spec = mlm();
        assertTrue(spec.maskedLm());
        assertEquals(spec, ((TransformerSpec) ModelCatalog.resolve("bert-tiny", TransformerSpecTest.SMALL)).withMaskedLmHead());
        ModelInput input = new ModelInput.TokenInput(LENGTH, VOCABULARY);
        ComputationGraph net = (ComputationGraph) spec.build(input, 0, spec.optimizer(), 3);
        INDArray out = Networks.output(net, Nd4j.createFromArray(new float[][] {{2, 7, 8, 9, 3, 0, 0, 0, 0, 0}}));
        assertArrayEquals(new long[] {1, VOCABULARY, LENGTH}, out.shape());
        assertEquals(1.0, out.sum(1).getDouble(0, 0), 1e-4, "a softmax over the vocabulary at each position");
        long encoder = TransformerSpecTest.expectedParams(2, 16, 32, 12, VOCABULARY, 2) - (16 * 16 + 16 + 16 * 2 + 2);
        assertEquals(encoder + 16L * VOCABULARY + VOCABULARY, Networks.numParams(net));
        ModelSummary summary = spec.summarize(input, 0);
        assertEquals(Networks.numParams(net), summary.rows().stream().mapToLong(ModelSummary.Row::params).sum());
        assertTrue(summary.rows().stream().anyMatch(r -> r.type().equals("mlm-softmax")));
        assertThrows(UsageException.class, () -> ModelCatalog.resolve("bert-tiny", Map.of("objective", "next-sentence")));
    }

    @Test
    void onlyMaskedPositionsCountInTheLoss() {
        TransformerSpec spec = mlm();
        ComputationGraph net = (ComputationGraph) spec.build(new ModelInput.TokenInput(LENGTH, VOCABULARY), 0,
            spec.optimizer(), 3);
        INDArray features = Nd4j.createFromArray(new float[][] {{2, 4, 8, 4, 3, 0, 0, 0, 0, 0}});
        INDArray mask = Nd4j.createFromArray(new float[][] {{0, 1, 0, 1, 0, 0, 0, 0, 0, 0}});
        INDArray labels = Nd4j.zeros(1, VOCABULARY, LENGTH);
        labels.putScalar(new long[] {0, 7, 1}, 1);
        labels.putScalar(new long[] {0, 9, 3}, 1);
        double score = Networks.score(net, new DataSet(features, labels, null, mask));
        INDArray p = Networks.output(net, features);
        // the score adds the weight decay's term, which does not depend on the labels
        double regularization = score + Math.log(p.getDouble(0, 7, 1)) + Math.log(p.getDouble(0, 9, 3));
        INDArray elsewhere = labels.dup();
        elsewhere.putScalar(new long[] {0, 11, 2}, 1);
        elsewhere.putScalar(new long[] {0, 12, 6}, 1);
        assertEquals(score, Networks.score(net, new DataSet(features, elsewhere, null, mask)), 1e-9);
        INDArray moved = labels.dup();
        moved.putScalar(new long[] {0, 7, 1}, 0);
        moved.putScalar(new long[] {0, 13, 1}, 1);
        assertEquals(-Math.log(p.getDouble(0, 13, 1)) - Math.log(p.getDouble(0, 9, 3)) + regularization,
            Networks.score(net, new DataSet(features, moved, null, mask)), 1e-4,
            "the loss is the cross-entropy summed over a sequence's predicted tokens, per sequence");
        assertNotEquals(score, Networks.score(net, new DataSet(features, moved, null, mask)));
    }

    @Test
    void aClassifierOfTheSameSizesTakesThePretrainedEncoderByNameAndKeepsItsOwnHead() {
        TransformerSpec mlm = mlm();
        TransformerSpec classifier = (TransformerSpec) ModelCatalog.resolve("bert-tiny", TransformerSpecTest.SMALL);
        ModelInput input = new ModelInput.TokenInput(LENGTH, VOCABULARY);
        ComputationGraph pretrained = (ComputationGraph) mlm.build(input, 0, mlm.optimizer(), 3);
        ComputationGraph target = (ComputationGraph) classifier.build(input, 2, classifier.optimizer(), 4);
        INDArray head = target.getParam(EncoderGraph.OUTPUT + "_W").dup();
        java.util.Set<String> copied = EncoderWeights.copy(pretrained, target);
        assertTrue(copied.containsAll(java.util.List.of("token-embedding", "position-embedding", "encoder1-attention",
            "encoder2-feed-forward-norm")), copied.toString());
        assertTrue(copied.stream().noneMatch(v -> v.equals(EncoderGraph.OUTPUT) || v.equals("pooler")
            || v.equals(EncoderGraph.MLM_OUTPUT)), copied.toString());
        assertEquals(pretrained.getVertex("encoder2-attention").paramTable(false),
            target.getVertex("encoder2-attention").paramTable(false));
        assertEquals(Networks.numParams(target), Networks.numParams(classifier.build(input, 2, classifier.optimizer(), 4)));
        assertEquals(pretrained.getParam("token-embedding_W"), target.getParam("token-embedding_W"));
        assertEquals(head, target.getParam(EncoderGraph.OUTPUT + "_W"));
    }
}
