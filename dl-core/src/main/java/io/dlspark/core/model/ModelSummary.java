package io.dlspark.core.model;

import java.util.List;
import java.util.Locale;

/**
 * What {@code dlspark models describe} prints: one row per layer (type, output shape, parameters, forward FLOPs per
 * sample) and the totals. Training FLOPs are estimated as three times the forward pass (the backward pass computes
 * gradients for both inputs and weights); activation memory counts every layer output and its gradient in float32.
 */
public record ModelSummary(String model, String input, List<Row> rows) {
    private static final int FLOAT_BYTES = 4;

    /** One layer; {@code outputValues} is the size of its output per sample. */
    public record Row(int index, String type, String outputShape, long outputValues, long params, long forwardFlops) {
    }

    public long params() {
        return rows.stream().mapToLong(Row::params).sum();
    }

    public long forwardFlops() {
        return rows.stream().mapToLong(Row::forwardFlops).sum();
    }

    /** Estimated training FLOPs per sample: forward plus backward. */
    public long trainingFlops() {
        return 3 * forwardFlops();
    }

    /** Estimated training activation memory for a minibatch, in bytes: outputs and their gradients, float32. */
    public long activationBytes(int batchSize) {
        return rows.stream().mapToLong(Row::outputValues).sum() * batchSize * FLOAT_BYTES * 2L;
    }

    /** The table, with the totals and the activation memory for {@code batchSize}. */
    public String render(int batchSize) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "model %s, input %s%n", model, input));
        out.append(String.format(Locale.ROOT, "%-3s %-18s %-14s %12s %14s%n", "#", "layer", "output", "params", "FLOPs"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-3d %-18s %-14s %,12d %,14d%n", row.index(), row.type(), row.outputShape(),
                row.params(), row.forwardFlops()));
        }
        out.append(String.format(Locale.ROOT, "total parameters: %,d%n", params()));
        out.append(String.format(Locale.ROOT, "FLOPs per sample: %,d forward, %,d training (about 3x forward)%n",
            forwardFlops(), trainingFlops()));
        out.append(String.format(Locale.ROOT, "activation memory at batch %d: %.1f MiB (outputs and their gradients, float32)%n",
            batchSize, activationBytes(batchSize) / (double) (1 << 20)));
        return out.toString();
    }
}
