package io.dlspark.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The exchange-precision benchmark's Markdown table: per run its losses, test accuracy and difference to fp32. */
final class PrecisionTable {
    private PrecisionTable() {
    }

    static String format(List<PrecisionRun> runs) {
        StringBuilder table = new StringBuilder("| model | precision | train loss by epoch | validation loss by epoch "
            + "| test accuracy | vs fp32 (points) | train s |\n|---|---|---|---|---|---|---|\n");
        for (PrecisionRun run : runs) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.0f |%n", run.model(),
                run.precision(), losses(run, e -> e.trainLoss()), losses(run, PrecisionRun.Epoch::validationLoss),
                outcome(run), difference(run, runs), run.trainSeconds()));
        }
        return table.toString();
    }

    private static String losses(PrecisionRun run, Function<PrecisionRun.Epoch, Double> loss) {
        if (run.epochs().isEmpty()) {
            return "-";
        }
        return run.epochs().stream().map(loss)
            .map(v -> v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v)).collect(Collectors.joining(", "));
    }

    private static String outcome(PrecisionRun run) {
        PrecisionRun.Divergence d = run.divergence();
        return d == null ? String.format(Locale.ROOT, "%.4f", run.testAccuracy())
            : String.format(Locale.ROOT, "diverged (loss %s, epoch %d round %d/%d)", d.loss(), d.epoch(), d.round(),
                d.rounds());
    }

    /** The run's test accuracy minus its model's fp32 run's, in percentage points; "n/a" when either has none. */
    private static String difference(PrecisionRun run, List<PrecisionRun> runs) {
        Double reference = runs.stream().filter(r -> r.model().equals(run.model()) && r.precision().equals("fp32"))
            .map(PrecisionRun::testAccuracy).findFirst().orElse(null);
        if (run.testAccuracy() == null || reference == null) {
            return "n/a";
        }
        return run.precision().equals("fp32") ? "0 (reference)"
            : String.format(Locale.ROOT, "%+.2f", 100 * (run.testAccuracy() - reference));
    }
}
