package io.dlspark.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fine-tuning benchmark's results: one line per run, medians over seeds per task, label fraction and method, and
 * issue 20's targets (pretrained beats scratch on each task's first metric at every fraction; spam F1 >= 0.97 with
 * 10 % of the labels), each met or missed with its medians.
 */
final class FineTuneTable {
    /** The spam F1 the pretrained encoder must reach with 10 % of SpamAssassin's labels. */
    static final double SPAM_F1_TARGET = 0.97;
    /** The label fraction of that target. */
    static final double TARGET_FRACTION = 0.1;

    private FineTuneTable() {
    }

    /** The compared methods, in table order. */
    enum Method {
        PRETRAINED("pretrained", "pretrained encoder"), SCRATCH("scratch", "encoder from scratch"),
        MLP("mlp", "TF-IDF mlp"), LOGISTIC("logistic", "Spark ML LR");

        final String cliName;
        final String label;

        Method(String cliName, String label) {
            this.cliName = cliName;
            this.label = label;
        }

        /** The method {@code name} names on the command line of {@code option}. */
        static Method parse(String name, String option) {
            for (Method m : values()) {
                if (m.cliName.equals(name.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException(option + ": unknown method '" + name.trim() + "' (expected "
                + Arrays.stream(values()).map(m -> m.cliName).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    /** One run's two test metrics (see {@link FineTuneTask}) and its wall seconds. */
    record Run(FineTuneTask task, double fraction, long seed, Method method, double first, double second, double seconds) {
    }

    /** One run's line. */
    static String line(Run r) {
        return String.format(Locale.ROOT, "%-5s %5s seed %-3d %-20s %s %.4f  %s %.4f  %8.1f s", r.task().cliName(),
            percent(r.fraction()), r.seed(), r.method().label, r.task().firstMetric(), r.first(), r.task().secondMetric(),
            r.second(), r.seconds());
    }

    /** The medians over seeds of every task, fraction and method that ran. */
    static String medians(List<Run> runs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n=== medians over seeds (test split) ===%n"
            + "%-5s %6s %-20s %5s %-12s %9s %-12s %9s %9s%n", "task", "labels", "method", "seeds", "metric", "median",
            "metric", "median", "wall s"));
        for (Key key : keys(runs)) {
            for (Method method : Method.values()) {
                List<Run> of = select(runs, key, method);
                if (of.isEmpty()) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "%-5s %6s %-20s %5d %-12s %9.4f %-12s %9.4f %9.1f%n",
                    key.task().cliName(), percent(key.fraction()), method.label, of.size(), key.task().firstMetric(),
                    median(of, Run::first), key.task().secondMetric(), median(of, Run::second), median(of, Run::seconds)));
            }
        }
        return out.toString();
    }

    /** Each target as met or missed with its numbers; a target whose runs are absent says so. */
    static List<String> targets(List<Run> runs) {
        List<String> lines = new ArrayList<>();
        for (Key key : keys(runs)) {
            List<Run> pretrained = select(runs, key, Method.PRETRAINED);
            List<Run> scratch = select(runs, key, Method.SCRATCH);
            if (pretrained.isEmpty() || scratch.isEmpty()) {
                continue;
            }
            double p = median(pretrained, Run::first);
            double s = median(scratch, Run::first);
            lines.add(String.format(Locale.ROOT, "target: pretrained beats scratch on %s at %s labels (median %s "
                    + "%.4f vs %.4f): %s", key.task().cliName(), percent(key.fraction()), key.task().firstMetric(), p, s,
                verdict(p > s)));
        }
        List<Run> spam = select(runs, new Key(FineTuneTask.SPAM, TARGET_FRACTION), Method.PRETRAINED);
        if (spam.isEmpty()) {
            lines.add("target: pretrained spam F1 >= 0.97 at 10% labels: not run (needs --tasks spam and --fractions 0.1)");
        } else {
            double f1 = median(spam, Run::first);
            lines.add(String.format(Locale.ROOT, "target: pretrained spam F1 >= %.2f at 10%% labels (median %.4f): %s",
                SPAM_F1_TARGET, f1, verdict(f1 >= SPAM_F1_TARGET)));
        }
        return lines;
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private record Key(FineTuneTask task, double fraction) {
    }

    private static Set<Key> keys(List<Run> runs) {
        Set<Key> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.add(new Key(r.task(), r.fraction())));
        return keys;
    }

    private static List<Run> select(List<Run> runs, Key key, Method method) {
        return runs.stream().filter(r -> r.task() == key.task() && r.fraction() == key.fraction() && r.method() == method)
            .toList();
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        return median(runs.stream().mapToDouble(metric).toArray());
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.4g", 100 * fraction).replaceAll("\\.?0+$", "") + "%";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }
}
