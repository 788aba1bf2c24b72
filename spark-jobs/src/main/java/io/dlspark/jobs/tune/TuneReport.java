package io.dlspark.jobs.tune;

import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.Json;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.ledger.TrialStatus;
import io.dlspark.tuning.optim.Objective;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable outcome of a search, written beside the ledger: {@code best.json} (the best trial, its
 * parameters and training settings, and where its model is), {@code convergence.png}, and {@code report.md} with
 * a summary, early stopping's saving in epochs, and a table of every trial.
 */
final class TuneReport {
    static final String BEST = "best.json";
    static final String PLOT = "convergence.png";
    static final String REPORT = "report.md";

    private TuneReport() {
    }

    /** Epochs trained by all trials, and what they would have trained without early stopping. */
    record EpochBudget(long trained, long withoutEarlyStopping) {
        static EpochBudget of(List<TrialRecord> records, int epochsPerTrial) {
            long trained = records.stream().mapToLong(r -> r.epochs().size()).sum();
            return new EpochBudget(trained, (long) records.size() * epochsPerTrial);
        }

        double saving() {
            return withoutEarlyStopping == 0 ? 0 : 1 - (double) trained / withoutEarlyStopping;
        }
    }

    static void write(Path output, Configuration conf, String header, Objective objective, int epochsPerTrial,
                      List<TrialRecord> records, TrialRecord best, Map<String, Object> bestSettings, String artifact,
                      Double artifactObjective) throws IOException {
        List<TrialRecord> sorted = records.stream().sorted(Comparator.comparingInt(TrialRecord::trialId)).toList();
        AtomicFiles.write(new Path(output, PLOT), conf, out -> out.write(ConvergencePlot.png(sorted, objective)));
        Map<String, Object> bestJson = new LinkedHashMap<>();
        bestJson.put("trial", best.trialId());
        bestJson.put("status", best.status().name().toLowerCase(Locale.ROOT));
        bestJson.put(objective.metric(), best.objective().getAsDouble());
        bestJson.put("params", best.params());
        bestJson.put("training", bestSettings);
        bestJson.put("artifact", artifact);
        if (artifactObjective != null) {
            bestJson.put("artifact " + objective.metric(), artifactObjective);
        }
        AtomicFiles.writeString(new Path(output, BEST), Json.pretty(bestJson), conf);
        AtomicFiles.writeString(new Path(output, REPORT),
            markdown(header, objective, epochsPerTrial, sorted, best, artifact, artifactObjective), conf);
    }

    static String markdown(String header, Objective objective, int epochsPerTrial, List<TrialRecord> sorted,
                           TrialRecord best, String artifact, Double artifactObjective) {
        StringBuilder md = new StringBuilder("# dlspark tune report\n\n").append(header).append("\n\n");
        Map<TrialStatus, Long> counts = new LinkedHashMap<>();
        for (TrialStatus s : TrialStatus.values()) {
            counts.put(s, sorted.stream().filter(r -> r.status() == s).count());
        }
        EpochBudget budget = EpochBudget.of(sorted, epochsPerTrial);
        md.append(String.format(Locale.ROOT, "- trials: %d (%s)%n", sorted.size(), statusCounts(counts)));
        md.append(String.format(Locale.ROOT, "- epochs trained: %d of %d without early stopping (%.1f%% saved)%n",
            budget.trained(), budget.withoutEarlyStopping(), 100 * budget.saving()));
        md.append(String.format(Locale.ROOT, "- best: trial %d, %s %.4f (%s), params %s%n", best.trialId(),
            objective.metric(), best.objective().getAsDouble(), best.status().name().toLowerCase(Locale.ROOT), best.params()));
        md.append("- model trained with the best configuration: `").append(artifact).append('`');
        if (artifactObjective != null) {
            md.append(String.format(Locale.ROOT, " (%s %.4f)", objective.metric(), artifactObjective));
        }
        md.append("\n\n![convergence](").append(PLOT).append(")\n\n");
        md.append("| trial | status | ").append(objective.metric()).append(" | epochs | seconds | executor | parameters | error |\n");
        md.append("|---:|---|---:|---:|---:|---|---|---|\n");
        for (TrialRecord r : sorted) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.1f | %s | %s | %s |%n", r.trialId(),
                r.status().name().toLowerCase(Locale.ROOT),
                r.objective().isPresent() ? String.format(Locale.ROOT, "%.4f", r.objective().getAsDouble()) : "",
                r.epochs().size(), r.durationMillis() / 1000.0, r.executor(), params(r.params()),
                r.error().orElse("").replace('|', '/')));
        }
        return md.toString();
    }

    private static String statusCounts(Map<TrialStatus, Long> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((status, n) -> s.append(s.length() == 0 ? "" : ", ").append(n).append(' ')
            .append(status.name().toLowerCase(Locale.ROOT)));
        return s.toString();
    }

    private static String params(Map<String, Object> params) {
        StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=')
            .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v));
        return s.toString();
    }
}
