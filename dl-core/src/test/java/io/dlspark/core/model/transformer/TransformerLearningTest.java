package io.dlspark.core.model.transformer;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small encoder of the bert-tiny spec learns a task that needs attention across positions: whether token A comes
 * before token B in a padded sequence of filler tokens. Chance is a loss of ln 2 = 0.69 and accuracy 0.5.
 */
class TransformerLearningTest {
    private static final int LENGTH = 12;
    private static final int VOCABULARY = 12;
    private static final int CLS = 2;
    private static final int A = 3;
    private static final int B = 4;
    private static final int FIRST_FILLER = 5;
    private static final int STEPS = 120;
    private static final int BATCH = 32;

    @Test
    void learnsWhetherAComesBeforeB() {
        Map<String, Object> overrides = new HashMap<>(Map.of("layers", 2, "hidden", 32, "heads", 2, "feed-forward", 64,
            "max-length", LENGTH, "vocabulary-size", VOCABULARY));
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", overrides);
        ComputationGraph graph = (ComputationGraph) spec.build(new ModelInput.TokenInput(LENGTH, VOCABULARY), 2,
            OptimizerConfig.adam(3e-3), 11);
        Random random = new Random(2026);
        DataSet heldOut = orderTask(512, random);
        double before = Networks.score(graph, heldOut);
        for (int step = 0; step < STEPS; step++) {
            graph.fit(orderTask(BATCH, random));
        }
        double after = Networks.score(graph, heldOut);
        double accuracy = accuracy(graph, heldOut);
        assertTrue(before > 0.6, "untrained loss " + before);
        assertTrue(after < 0.15 && accuracy > 0.95, "loss " + before + " -> " + after + ", accuracy " + accuracy);
    }

    /**
     * {@code n} sequences: [CLS], then 5 to 11 tokens of which one is A and one B at random places, the rest filler,
     * then padding; the label is 1 when A comes first.
     */
    static DataSet orderTask(int n, Random random) {
        float[] ids = new float[n * LENGTH];
        float[] labels = new float[n * 2];
        for (int i = 0; i < n; i++) {
            int real = 6 + random.nextInt(LENGTH - 5);
            int offset = i * LENGTH;
            ids[offset] = CLS;
            for (int t = 1; t < real; t++) {
                ids[offset + t] = FIRST_FILLER + random.nextInt(VOCABULARY - FIRST_FILLER);
            }
            int a = 1 + random.nextInt(real - 1);
            int b = 1 + random.nextInt(real - 2);
            b = b >= a ? b + 1 : b;
            ids[offset + a] = A;
            ids[offset + b] = B;
            labels[i * 2 + (a < b ? 1 : 0)] = 1;
        }
        return new DataSet(Nd4j.create(ids, new long[] {n, LENGTH}, 'c'), Nd4j.create(labels, new long[] {n, 2}, 'c'));
    }

    private static double accuracy(ComputationGraph graph, DataSet data) {
        INDArray predicted = Networks.output(graph, data.getFeatures()).argMax(1);
        INDArray actual = data.getLabels().argMax(1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).meanNumber().doubleValue();
    }
}
