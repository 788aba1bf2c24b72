package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.transformer.blocks.MaskedLmHead;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

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
    void onlyPredictedPositionsCountInTheLossWhoseLabelsAreSparseTokenIds() {
        TransformerSpec spec = mlm();
        ComputationGraph net = (ComputationGraph) spec.build(new ModelInput.TokenInput(LENGTH, VOCABULARY), 0,
            spec.optimizer(), 3);
        INDArray features = Nd4j.createFromArray(new float[][] {{2, 4, 8, 4, 3, 0, 0, 0, 0, 0}});
        INDArray labels = Nd4j.createFromArray(new float[][] {{-1, 7, -1, 9, -1, -1, -1, -1, -1, -1}});
        double score = Networks.score(net, new DataSet(features, labels));
        INDArray p = Networks.output(net, features);
        // the score adds the weight decay's term, which does not depend on the labels
        double regularization = score + Math.log(p.getDouble(0, 7, 1)) + Math.log(p.getDouble(0, 9, 3));
        INDArray moved = labels.dup();
        moved.putScalar(new long[] {0, 1}, 13);
        assertEquals(-Math.log(p.getDouble(0, 13, 1)) - Math.log(p.getDouble(0, 9, 3)) + regularization,
            Networks.score(net, new DataSet(features, moved)), 1e-4,
            "the loss is the cross-entropy summed over a sequence's predicted tokens, per sequence");
        assertNotEquals(score, Networks.score(net, new DataSet(features, moved)));
        INDArray none = Nd4j.valueArrayOf(new long[] {1, LENGTH}, -1f);
        assertEquals(regularization, Networks.score(net, new DataSet(features, none)), 1e-4,
            "a minibatch with nothing to predict has no loss");
    }

    @Test
    void theSparseLossAndItsGradientsEqualTheDenseSoftmaxLayersWithOneHotLabelsAndALabelsMask() {
        TransformerSpec spec = mlm();
        ComputationGraphConfiguration conf = spec.configuration(new ModelInput.TokenInput(LENGTH, VOCABULARY), 0,
            spec.optimizer(), 3, DataType.DOUBLE).conf();
        ComputationGraph sparse = new ComputationGraph(conf);
        sparse.init();
        // the dense head as it was: DL4J's softmax output layer, one-hot [batch, vocabulary, length] labels, labels mask
        ComputationGraphConfiguration denseConf = ComputationGraphConfiguration.fromJson(conf.toJson());
        LayerVertex head = (LayerVertex) denseConf.getVertices().get(EncoderGraph.MLM_OUTPUT);
        MaskedLmHead sparseHead = (MaskedLmHead) head.getLayerConf().getLayer();
        RnnOutputLayer denseHead = new RnnOutputLayer.Builder(new LossMCXENT()).nIn(16).nOut(VOCABULARY)
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).biasInit(0).dataFormat(RNNFormat.NCW).build();
        denseHead.setLayerName(EncoderGraph.MLM_OUTPUT);
        denseHead.setRegularization(sparseHead.getRegularization());
        denseHead.setRegularizationBias(sparseHead.getRegularizationBias());
        head.getLayerConf().setLayer(denseHead);
        ComputationGraph dense = new ComputationGraph(denseConf);
        dense.init();
        // the same seed draws the same parameters, the head's too
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex vertex : dense.getVertices()) {
            Map<String, INDArray> drawn = sparse.getVertex(vertex.getVertexName()).paramTable(false);
            for (Map.Entry<String, INDArray> p : vertex.paramTable(false).entrySet()) {
                assertEquals(p.getValue(), drawn.get(p.getKey()).reshape(p.getValue().shape()), p.getKey());
            }
        }
        INDArray features = Nd4j.createFromArray(new double[][] {{2, 4, 8, 4, 3, 0, 0, 0, 0, 0},
            {2, 5, 5, 6, 11, 12, 3, 0, 0, 0}, {2, 19, 3, 0, 0, 0, 0, 0, 0, 0}});
        INDArray labels = Nd4j.valueArrayOf(new long[] {3, LENGTH}, -1.0);
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 3, VOCABULARY, LENGTH);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, 3, LENGTH);
        int[][] targets = {{0, 1, 7}, {0, 3, 9}, {1, 2, 17}, {1, 4, 11}, {1, 5, 2}, {2, 1, 19}};
        for (int[] target : targets) {
            labels.putScalar(target[0], target[1], target[2]);
            oneHot.putScalar(new long[] {target[0], target[2], target[1]}, 1);
            mask.putScalar(target[0], target[1], 1);
        }
        sparse.setInputs(features);
        sparse.setLabels(labels);
        sparse.computeGradientAndScore();
        dense.setInputs(features);
        dense.setLabels(oneHot);
        dense.setLayerMaskArrays(null, new INDArray[] {mask});
        dense.computeGradientAndScore();
        assertEquals(dense.score(), sparse.score(), 1e-10);
        Map<String, INDArray> expected = dense.gradient().gradientForVariable();
        Map<String, INDArray> actual = sparse.gradient().gradientForVariable();
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            INDArray got = actual.get(e.getKey()).reshape(e.getValue().shape());
            // relative to the gradient's size, but the key bias's gradient is 0 (a softmax ignores a shift)
            double scale = Math.max(1e-6, e.getValue().norm2Number().doubleValue());
            assertEquals(0, e.getValue().sub(got).norm2Number().doubleValue() / scale, 1e-8, e.getKey());
        }
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
