package io.dlspark.core.eval;

import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.EvaluationAveraging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classification metrics of one model on one split. The parameter count is reported as model complexity, never as
 * a quality metric.
 */
public record EvaluationReport(String split, long records, double accuracy, double macroPrecision, double macroRecall,
                               double macroF1, double logLoss, List<ClassMetrics> classes, long[][] confusionMatrix,
                               ModelComplexity modelComplexity) {

    /** Precision, recall and F1 of one class, with its support (true records of that class). */
    public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
    }

    /** How big the model is: a cost, not a quality. */
    public record ModelComplexity(long parameters) {
    }

    /** Builds the report from a merged DL4J {@link Evaluation} and the summed log loss. */
    public static EvaluationReport of(String split, Evaluation eval, double logLossSum, List<String> labels, long parameters) {
        int n = labels.size();
        long[][] confusion = new long[n][n];
        List<ClassMetrics> classes = new ArrayList<>();
        for (int actual = 0; actual < n; actual++) {
            long support = 0;
            for (int predicted = 0; predicted < n; predicted++) {
                confusion[actual][predicted] = eval.getConfusionMatrix().getCount(actual, predicted);
                support += confusion[actual][predicted];
            }
            classes.add(new ClassMetrics(labels.get(actual), safe(eval.precision(actual)), safe(eval.recall(actual)),
                safe(eval.f1(actual)), support));
        }
        long records = eval.getNumRowCounter();
        return new EvaluationReport(split, records, eval.accuracy(), safe(eval.precision(EvaluationAveraging.Macro)),
            safe(eval.recall(EvaluationAveraging.Macro)), safe(eval.f1(EvaluationAveraging.Macro)),
            records == 0 ? Double.NaN : logLossSum / records, classes, confusion, new ModelComplexity(parameters));
    }

    private static double safe(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }

    /** A readable table for the console. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d records, accuracy %.4f, macro F1 %.4f, log loss %.4f%n",
            split, records, accuracy, macroF1, logLoss));
        out.append(String.format(Locale.ROOT, "%-20s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1", "support"));
        for (ClassMetrics c : classes) {
            out.append(String.format(Locale.ROOT, "%-20s %9.4f %9.4f %9.4f %9d%n", c.label(), c.precision(), c.recall(),
                c.f1(), c.support()));
        }
        out.append(String.format(Locale.ROOT, "%-20s %9.4f %9.4f %9.4f%n", "macro", macroPrecision, macroRecall, macroF1));
        out.append("confusion matrix (rows actual, columns predicted):\n");
        for (long[] row : confusionMatrix) {
            StringBuilder line = new StringBuilder();
            for (long v : row) {
                line.append(String.format(Locale.ROOT, "%6d", v));
            }
            out.append(line).append('\n');
        }
        out.append(String.format(Locale.ROOT, "model complexity: %,d parameters%n", modelComplexity.parameters()));
        return out.toString();
    }
}
