package io.dlspark.bench;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.jobs.ingest.DatasetKind;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The two labelled tasks of the fine-tuning benchmark: which dataset, the two test metrics reported (the first decides
 * "beats") and the TF-IDF mlp settings of {@link TextBenchmark} for it.
 */
enum FineTuneTask {
    /** SpamAssassin spam against ham: spam F1 and the false-positive rate among the test split's hard ham. */
    SPAM("spam", DatasetKind.SPAMASSASSIN, "spam F1", "hard-ham FPR", 2, 64),
    /** Brown's 15 genres on passages split by document: accuracy and macro F1. */
    BROWN("brown", DatasetKind.BROWN, "accuracy", "macro F1", 10, 16);

    /** SpamAssassin's group of hard ham in the per-group table of {@code evaluate}. */
    static final String HARD_HAM = "hard-ham-1";

    private final String cliName;
    private final DatasetKind dataset;
    private final String first;
    private final String second;
    private final int mlpEpochs;
    private final int mlpBatchSize;

    FineTuneTask(String cliName, DatasetKind dataset, String first, String second, int mlpEpochs, int mlpBatchSize) {
        this.cliName = cliName;
        this.dataset = dataset;
        this.first = first;
        this.second = second;
        this.mlpEpochs = mlpEpochs;
        this.mlpBatchSize = mlpBatchSize;
    }

    static FineTuneTask parse(String name, String option) {
        return Arrays.stream(values()).filter(t -> t.cliName.equals(name.trim())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(option + ": unknown task '" + name + "' (known: "
                + Arrays.stream(values()).map(FineTuneTask::cliName).collect(Collectors.joining(", ")) + ")"));
    }

    String cliName() {
        return cliName;
    }

    DatasetKind dataset() {
        return dataset;
    }

    String firstMetric() {
        return first;
    }

    String secondMetric() {
        return second;
    }

    /**
     * The TF-IDF mlp's epochs on {@code fraction} of the training labels: {@link TextBenchmark}'s on all of them, and
     * on a share as many more as keep its optimizer steps the same (SpamAssassin: 2 epochs of all, 20 of 10 %), so a
     * smaller share is not also a shorter training.
     */
    int mlpEpochs(double fraction) {
        return (int) Math.round(mlpEpochs / fraction);
    }

    int mlpBatchSize() {
        return mlpBatchSize;
    }

    /** The task's two metrics of a test report; a missing hard-ham group gives NaN. */
    double[] metrics(EvaluationReport report) {
        if (this == BROWN) {
            return new double[] {report.accuracy(), report.macroF1()};
        }
        double hardHam = report.groups() == null ? Double.NaN : report.groups().stream()
            .filter(g -> g.group().equals(HARD_HAM) && g.falsePositiveRate() != null)
            .mapToDouble(EvaluationReport.GroupMetrics::falsePositiveRate).findFirst().orElse(Double.NaN);
        return new double[] {report.binary().f1(), hardHam};
    }
}
