package io.dlspark.core.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Confusion counts per record group (for example SpamAssassin's easy-ham-1, hard-ham-1, spam-2), mergeable across
 * partitions. Records without a group are not counted here.
 */
public final class GroupTally implements Serializable {
    private final int classes;
    private final Map<String, long[][]> counts = new TreeMap<>();

    public GroupTally(int classes) {
        this.classes = classes;
    }

    public void add(String group, int actual, int predicted) {
        if (group != null) {
            counts.computeIfAbsent(group, g -> new long[classes][classes])[actual][predicted]++;
        }
    }

    public GroupTally merge(GroupTally other) {
        other.counts.forEach((group, matrix) -> {
            long[][] mine = counts.computeIfAbsent(group, g -> new long[classes][classes]);
            for (int a = 0; a < classes; a++) {
                for (int p = 0; p < classes; p++) {
                    mine[a][p] += matrix[a][p];
                }
            }
        });
        return this;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /**
     * One row per group: records and accuracy; with a positive class, the false-positive rate among the group's
     * negatives and the recall among its positives (null where the group has none).
     */
    public List<EvaluationReport.GroupMetrics> metrics(int positiveClass) {
        List<EvaluationReport.GroupMetrics> rows = new ArrayList<>();
        counts.forEach((group, m) -> {
            long records = 0;
            long correct = 0;
            long negatives = 0;
            long falsePositives = 0;
            long positives = 0;
            long truePositives = 0;
            for (int a = 0; a < classes; a++) {
                for (int p = 0; p < classes; p++) {
                    records += m[a][p];
                    correct += a == p ? m[a][p] : 0;
                    if (positiveClass >= 0 && a == positiveClass) {
                        positives += m[a][p];
                        truePositives += p == positiveClass ? m[a][p] : 0;
                    } else if (positiveClass >= 0) {
                        negatives += m[a][p];
                        falsePositives += p == positiveClass ? m[a][p] : 0;
                    }
                }
            }
            rows.add(new EvaluationReport.GroupMetrics(group, records, (double) correct / records,
                positiveClass < 0 ? null : negatives, negatives == 0 ? null : (double) falsePositives / negatives,
                positiveClass < 0 ? null : positives, positives == 0 ? null : (double) truePositives / positives));
        });
        return rows;
    }
}
