package io.dlspark.train;

import io.dlspark.core.UsageException;

import java.util.Locale;

/**
 * Which epoch's network a training run keeps, and when it stops early: {@code --keep-best loss|accuracy|map} keeps
 * the epoch with the best validation log loss (lowest), accuracy (highest) or, for a detector, mAP@0.5 (highest)
 * instead of the last one, and
 * {@code --patience N} ends the run after N epochs in a row without a better one. {@link #LAST} keeps the last epoch
 * and never stops early.
 *
 * @param metric   the validation metric that picks the epoch, or null to keep the last epoch
 * @param patience epochs without improvement before stopping; 0 never stops early
 */
public record EpochSelection(Metric metric, int patience) {
    public static final EpochSelection LAST = new EpochSelection(null, 0);

    /** A validation metric and its better direction. */
    public enum Metric {
        LOSS, ACCURACY,
        /** A detector's validation mAP@0.5 (Pascal VOC). */
        MAP;

        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether {@code candidate} is strictly better than {@code best}; any number is better than NaN. */
        boolean better(double candidate, double best) {
            if (Double.isNaN(best)) {
                return !Double.isNaN(candidate);
            }
            return this == LOSS ? candidate < best : candidate > best;
        }

        double of(EpochFigures epoch) {
            Double value = switch (this) {
                case LOSS -> epoch.validationLoss();
                case ACCURACY -> epoch.validationAccuracy();
                case MAP -> epoch.validationMap50();
            };
            if (value == null && this == MAP) {
                return Double.NaN; // metrics.jsonl writes a NaN mAP (no ground truth to score) as null
            }
            if (value == null) {
                throw new IllegalStateException("epoch " + epoch.epoch() + " has no validation " + option());
            }
            return value;
        }
    }

    public EpochSelection {
        if (patience < 0 || patience > 0 && metric == null) {
            throw new IllegalArgumentException("patience " + patience + " with metric " + metric
                + ": patience must be >= 0, and > 0 only with a metric");
        }
    }

    /**
     * The selection of {@code --keep-best VALUE --patience N} (a null or {@code last} value keeps the last epoch);
     * errors name the settings as given, for example {@code train.keep-best} in a pipeline.
     */
    public static EpochSelection parse(String keepBest, int patience, String keepBestSetting, String patienceSetting) {
        Metric metric = null;
        if (keepBest != null && !keepBest.equals("last")) {
            metric = java.util.Arrays.stream(Metric.values()).filter(m -> m.option().equals(keepBest)).findFirst()
                .orElseThrow(() -> new UsageException(keepBestSetting + ": expected last, loss, accuracy or map, got '"
                    + keepBest + "'"));
        }
        if (patience < 0) {
            throw new UsageException(patienceSetting + ": must be >= 0, got " + patience);
        }
        if (patience > 0 && metric == null) {
            throw new UsageException(patienceSetting + " needs " + keepBestSetting
                + " loss, accuracy or map: it counts epochs without a better one");
        }
        return new EpochSelection(metric, patience);
    }

    public boolean keepsBest() {
        return metric != null;
    }

    /**
     * Refuses {@code map} for a model that is not a detector (only a detector's validation measures mAP), before any
     * side effect; {@code setting} names the option as given and {@code model} says what the model is.
     */
    public void refuseMap(String setting, String model) {
        if (metric == Metric.MAP) {
            throw new UsageException(setting + " map: ranks a detector's epochs (kind = yolo) by validation mAP@0.5; "
                + model + " is not a detector (keep its best epoch by loss or accuracy)");
        }
    }

    /** {@code last}, {@code loss}, {@code accuracy} or {@code map}: the option value. */
    public String option() {
        return metric == null ? "last" : metric.option();
    }
}
