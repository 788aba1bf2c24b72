package io.dlspark.bench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model trained with one exchange precision: its epochs' losses, and either its test accuracy or where training
 * diverged (a non-finite loss, which ends {@code dlspark train} with an error).
 */
record PrecisionRun(String model, String precision, List<Epoch> epochs, Double testAccuracy, Divergence divergence,
                    double trainSeconds, double evaluateSeconds) {
    private static final Pattern DIVERGED = Pattern.compile(
        "training diverged: non-finite loss \\(([^)]*)\\) at epoch (\\d+) round (\\d+)/(\\d+)");

    PrecisionRun {
        epochs = List.copyOf(epochs);
        if ((testAccuracy == null) == (divergence == null)) {
            throw new IllegalArgumentException("a run has a test accuracy or a divergence, not both or neither");
        }
    }

    /** An epoch's training loss and, when measured, validation loss and accuracy. */
    record Epoch(int epoch, double trainLoss, Double validationLoss, Double validationAccuracy) {
    }

    /** Where a run diverged: the loss reported, the epoch (from 1) and the round of that epoch (from 1). */
    record Divergence(String loss, int epoch, int round, int rounds) {
        /** The divergence that a failed {@code dlspark train} reports in {@code text}, if any. */
        static Optional<Divergence> in(String text) {
            Matcher m = DIVERGED.matcher(text);
            return m.find() ? Optional.of(new Divergence(m.group(1), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)))) : Optional.empty();
        }
    }
}
