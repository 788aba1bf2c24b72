package io.dlspark.core.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Macro averages against hand-computed cases, with classes a model never predicts counted as 0. */
class EvaluationReportTest {
    private static EvaluationReport report(List<String> labels, int[][] actualPredicted) {
        Evaluation eval = new Evaluation(labels);
        for (int[] pair : actualPredicted) {
            eval.eval(pair[1], pair[0]);
        }
        return EvaluationReport.of("test", eval, 0.0, labels, 1, -1, null, null);
    }

    @Test
    void aBinaryModelThatPredictsOneClassHasTheMeanOfBothClassesF1NotTheSecondClassF1() {
        // a -> a three times, b -> a twice: a has precision 3/5, recall 1, F1 0.75; b is never predicted: F1 0.
        EvaluationReport r = report(List.of("a", "b"), new int[][] {{0, 0}, {0, 0}, {0, 0}, {1, 0}, {1, 0}});
        assertEquals(0.75, r.classes().get(0).f1(), 1e-12);
        assertEquals(0.0, r.classes().get(1).f1(), 1e-12);
        assertEquals(0.375, r.macroF1(), 1e-12);
        assertEquals(0.3, r.macroPrecision(), 1e-12);
        assertEquals(0.5, r.macroRecall(), 1e-12);
        assertEquals(0.6, r.accuracy(), 1e-12);
    }

    @Test
    void aClassNeverPredictedCountsZeroInTheMacroF1() {
        // a -> a twice; b -> b once, b -> a once; c -> a once. F1: a 2/3 (P 1/2, R 1), b 2/3 (P 1, R 1/2), c 0.
        EvaluationReport r = report(List.of("a", "b", "c"), new int[][] {{0, 0}, {0, 0}, {1, 1}, {1, 0}, {2, 0}});
        assertEquals(4.0 / 9.0, r.macroF1(), 1e-12);
        assertEquals((0.5 + 1.0 + 0.0) / 3, r.macroPrecision(), 1e-12);
        assertEquals((1.0 + 0.5 + 0.0) / 3, r.macroRecall(), 1e-12);
    }
}
