package io.dlspark.core.model.transformer;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring a masked language model at its predicted positions equals scoring its full per-position softmax. */
class MaskedLmScoringTest {
    private static final int LENGTH = 10;
    private static final int VOCABULARY = 20;

    private static ComputationGraph mlm(long seed) {
        Map<String, Object> overrides = new HashMap<>(TransformerSpecTest.SMALL);
        overrides.put("objective", "mlm");
        TransformerSpec spec = (TransformerSpec) ModelCatalog.resolve("bert-tiny", overrides);
        return (ComputationGraph) spec.build(new ModelInput.TokenInput(LENGTH, VOCABULARY), 0, spec.optimizer(), seed);
    }

    @Test
    void thePredictedPositionsLossAndAccuracyEqualThoseOfTheFullSoftmaxOutput() {
        Random random = new Random(11);
        for (long seed = 1; seed <= 3; seed++) {
            ComputationGraph net = mlm(seed);
            float[][] tokens = new float[6][LENGTH];
            float[][] targets = new float[6][LENGTH];
            for (int k = 0; k < tokens.length; k++) {
                int used = 2 + random.nextInt(LENGTH - 1);
                for (int t = 0; t < LENGTH; t++) {
                    tokens[k][t] = t < used ? 2 + random.nextInt(VOCABULARY - 2) : 0;
                    targets[k][t] = t < used && random.nextDouble() < 0.4 ? random.nextInt(VOCABULARY) : -1;
                }
            }
            INDArray features = Nd4j.createFromArray(tokens);
            INDArray labels = Nd4j.createFromArray(targets);
            INDArray p = Networks.output(net, features);
            double loss = 0;
            long right = 0;
            long predicted = 0;
            for (int k = 0; k < tokens.length; k++) {
                for (int t = 0; t < LENGTH; t++) {
                    if (targets[k][t] < 0) {
                        continue;
                    }
                    int best = 0;
                    for (int v = 1; v < VOCABULARY; v++) {
                        best = p.getDouble(k, v, t) > p.getDouble(k, best, t) ? v : best;
                    }
                    loss -= Math.log(p.getDouble(k, (int) targets[k][t], t));
                    right += best == (int) targets[k][t] ? 1 : 0;
                    predicted++;
                }
            }
            MaskedLmScoring.Sums sums = MaskedLmScoring.score(net, features, labels);
            assertTrue(predicted > 5, "the draw predicts a few positions");
            assertEquals(predicted, sums.predicted());
            assertEquals(right, sums.right());
            assertEquals(loss, sums.loss(), 1e-4 * predicted);
        }
    }

    @Test
    void aMinibatchWithNothingToPredictScoresNothingAndAClassifierIsRefused() {
        INDArray features = Nd4j.createFromArray(new float[][] {{2, 4, 8, 3, 0, 0, 0, 0, 0, 0}});
        INDArray none = Nd4j.valueArrayOf(new long[] {1, LENGTH}, -1f);
        assertEquals(new MaskedLmScoring.Sums(0, 0, 0), MaskedLmScoring.score(mlm(1), features, none));
        TransformerSpec spec = (TransformerSpec) ModelCatalog.resolve("bert-tiny", TransformerSpecTest.SMALL);
        ComputationGraph classifier = (ComputationGraph) spec.build(new ModelInput.TokenInput(LENGTH, VOCABULARY), 3,
            spec.optimizer(), 3);
        INDArray labels = Nd4j.createFromArray(new float[][] {{-1, 5, -1, -1, -1, -1, -1, -1, -1, -1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MaskedLmScoring.score(classifier, features, labels));
        assertTrue(e.getMessage().contains("mlm-output"), e.getMessage());
    }
}
