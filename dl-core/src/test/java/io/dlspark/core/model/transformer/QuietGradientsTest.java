package io.dlspark.core.model.transformer;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a transformer's gradients writes nothing of ND4J M2.1's "Added differentiated op" lines on stdout. */
class QuietGradientsTest {
    private static final String CHATTER = "Added differentiated op";

    /** What {@code action} writes on standard output. */
    private static String stdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainSameDiffPrintsTheLineSoTheCaptureSeesIt() {
        String out = stdout(() -> {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", Nd4j.ones(DataType.FLOAT, 2, 2));
            x.mul(2).sum().markAsLoss();
            sd.createGradFunction();
        });
        assertTrue(out.contains(CHATTER), out);
    }

    @Test
    void aTransformerClassifierAndAMaskedLanguageModelTrainWithoutIt() {
        PrintStream before = System.out;
        INDArray features = Nd4j.createFromArray(new float[][] {{2, 4, 8, 4, 3, 0, 0, 0, 0, 0}});
        String out = stdout(() -> {
            ModelInput input = new ModelInput.TokenInput(10, 20);
            TransformerSpec classifier = (TransformerSpec) ModelCatalog.resolve("bert-tiny", TransformerSpecTest.SMALL);
            ComputationGraph net = (ComputationGraph) classifier.build(input, 2, classifier.optimizer(), 3);
            net.fit(new DataSet(features, Nd4j.createFromArray(new float[][] {{0, 1}})));
            Map<String, Object> overrides = new HashMap<>(TransformerSpecTest.SMALL);
            overrides.put("objective", "mlm");
            TransformerSpec mlm = (TransformerSpec) ModelCatalog.resolve("bert-tiny", overrides);
            ComputationGraph pretrained = (ComputationGraph) mlm.build(input, 0, mlm.optimizer(), 3);
            pretrained.fit(new DataSet(features, Nd4j.createFromArray(new float[][] {{-1, 7, -1, -1, -1, -1, -1, -1, -1, -1}})));
            System.out.println("results still reach standard output");
        });
        assertFalse(out.contains(CHATTER), out);
        assertTrue(out.contains("results still reach standard output"), out);
        assertSame(before, System.out);
    }
}
