package io.dlspark.core.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Classification metrics of one model on one split. The parameter count is reported as model complexity, never as
 * a quality metric. Binary tasks with a declared positive class add its precision, recall, F1 and the ROC AUC;
 * data with record groups adds a row per group (null otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(String split, long records, double accuracy, double macroPrecision, double macroRecall,
                               double macroF1, double logLoss, List<ClassMetrics> classes, long[][] confusionMatrix,
                               ModelComplexity modelComplexity, BinaryMetrics binary, List<GroupMetrics> groups) {

    /** The positive class of a binary task: its precision, recall and F1, and the ROC AUC of its probability. */
    public record BinaryMetrics(String positiveLabel, double precision, double recall, double f1, double rocAuc) {
    }

    /**
     * One record group: records and accuracy; with a positive class, its negatives and the share of them predicted
     * positive (false-positive rate), its positives and the share of them found (recall); null where undefined.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupMetrics(String group, long records, double accuracy, Long negatives, Double falsePositiveRate,
                               Long positives, Double recall) {
    }

    /** Precision, recall and F1 of one class, with its support (true records of that class). */
    public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
    }

    /** How big the model is: a cost, not a quality. */
    public record ModelComplexity(long parameters) {
    }

    /** Builds the report from a merged DL4J {@link Evaluation} and the summed log loss. */
    public static EvaluationReport of(String split, Evaluation eval, double logLossSum, List<String> labels, long parameters) {
        return of(split, eval, logLossSum, labels, parameters, -1, null, null);
    }

    /**
     * As {@link #of(String, Evaluation, double, List, long)}, plus the binary metrics of {@code positiveClass}
     * (when not -1) with its {@code roc}, and the per-group rows of {@code groups} (when it has any).
     */
    public static EvaluationReport of(String split, Evaluation eval, double logLossSum, List<String> labels, long parameters,
                                      int positiveClass, ROC roc, GroupTally groups) {
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
        return new EvaluationReport(split, records, eval.accuracy(), macro(classes, ClassMetrics::precision),
            macro(classes, ClassMetrics::recall), macro(classes, ClassMetrics::f1),
            records == 0 ? Double.NaN : logLossSum / records, classes, confusion, new ModelComplexity(parameters),
            positiveClass < 0 ? null : new BinaryMetrics(labels.get(positiveClass), safe(eval.precision(positiveClass)),
                safe(eval.recall(positiveClass)), safe(eval.f1(positiveClass)), roc.calculateAUC()),
            groups == null || groups.isEmpty() ? null : groups.metrics(positiveClass));
    }

    /** The per-group rows as a table (false-positive rate and recall shown as - where a group has no such records). */
    public String groupTable() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %9s %9s %9s %9s%n", "group", "records",
            "accuracy", "FP rate", "recall"));
        for (GroupMetrics g : groups) {
            out.append(String.format(Locale.ROOT, "%-20s %9d %9.4f %9s %9s%n", g.group(), g.records(), g.accuracy(),
                rate(g.falsePositiveRate()), rate(g.recall())));
        }
        return out.toString();
    }

    private static String rate(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /**
     * The unweighted mean of a per-class figure over every class, a class without predictions or records counting 0
     * (scikit-learn's convention). DL4J's own macro average is the positive class's figure when there are two classes
     * and leaves out classes it cannot score, which overstates a model that never predicts some classes.
     */
    private static double macro(List<ClassMetrics> classes, ToDoubleFunction<ClassMetrics> figure) {
        return classes.stream().mapToDouble(figure).average().orElse(Double.NaN);
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
        if (binary != null) {
            out.append(String.format(Locale.ROOT, "positive class %s: precision %.4f, recall %.4f, F1 %.4f, ROC AUC %.4f%n",
                binary.positiveLabel(), binary.precision(), binary.recall(), binary.f1(), binary.rocAuc()));
        }
        if (groups != null) {
            out.append(groupTable());
        }
        out.append(String.format(Locale.ROOT, "model complexity: %,d parameters%n", modelComplexity.parameters()));
        return out.toString();
    }
}
