package io.dlspark.core.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label smoothing: the score against smoothed targets, its gradient (checked numerically) and its JSON form. */
class LabelSmoothingLossTest {
    private static final int CLASSES = 5;

    @Test
    void scoreIsTheCrossEntropyAgainstSmoothedTargets() {
        INDArray logits = logits(3, 1);
        INDArray labels = oneHot(3);
        INDArray probabilities = new ActivationSoftmax().getActivation(logits.dup(), false);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < CLASSES; k++) {
                double target = labels.getDouble(i, k) * 0.8 + 0.2 / CLASSES;
                expected -= target * Math.log(probabilities.getDouble(i, k));
            }
        }
        double score = new LabelSmoothingLoss(0.2).computeScore(labels, logits.dup(), new ActivationSoftmax(), null, false);
        assertEquals(expected, score, 1e-9);
        assertEquals(new LossMCXENT().computeScore(labels, logits.dup(), new ActivationSoftmax(), null, true),
            new LabelSmoothingLoss(0).computeScore(labels, logits.dup(), new ActivationSoftmax(), null, true), 1e-12);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0.1);
        INDArray logits = logits(4, 2);
        INDArray labels = oneHot(4);
        INDArray gradient = loss.computeGradient(labels, logits.dup(), new ActivationSoftmax(), null);
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < CLASSES; k++) {
                INDArray plus = logits.dup();
                plus.putScalar(i, k, plus.getDouble(i, k) + h);
                INDArray minus = logits.dup();
                minus.putScalar(i, k, minus.getDouble(i, k) - h);
                double numeric = (loss.computeScore(labels, plus, new ActivationSoftmax(), null, false)
                    - loss.computeScore(labels, minus, new ActivationSoftmax(), null, false)) / (2 * h);
                assertEquals(numeric, gradient.getDouble(i, k), 1e-6, "d loss / d logit[" + i + "," + k + "]");
            }
        }
        assertTrue(labels.equalsWithEps(oneHot(4), 0), "the caller's labels are left alone");
    }

    @Test
    void survivesTheConfigurationJsonAndRejectsBadValues() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
            .layer(new OutputLayer.Builder(new LabelSmoothingLoss(0.1)).nIn(3).nOut(2).build()).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(new LabelSmoothingLoss(0.1), ((OutputLayer) back.getConf(0).getLayer()).getLossFn());
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingLoss(1));
    }

    private static INDArray logits(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, n, CLASSES).muli(2);
    }

    private static INDArray oneHot(int n) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, CLASSES);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, (3 * i + 1) % CLASSES, 1);
        }
        return labels;
    }
}
