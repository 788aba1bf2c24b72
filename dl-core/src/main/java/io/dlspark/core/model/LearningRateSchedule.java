package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How the learning rate changes during training: {@code constant}, {@code step}, {@code exponential} or {@code cosine},
 * in epochs or iterations, optionally after a linear {@code warmup} (keys in docs/configuration.md).
 */
public record LearningRateSchedule(String type, String unit, double decay, double every, double period,
                                   double minFactor, int warmup) implements Serializable {
    private static final List<String> TYPES = List.of("constant", "step", "exponential", "cosine");
    private static final List<String> UNITS = List.of("epoch", "iteration");
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule("constant", "epoch", 1, 1, 1, 0, 0);

    public LearningRateSchedule {
        if (!TYPES.contains(type) || !UNITS.contains(unit)) {
            throw new UsageException("learning-rate schedule: unknown type '" + type + "' or unit '" + unit + "'");
        }
    }

    /** Reads a {@code schedule { type, unit, decay, every, period, min-factor, warmup }} section. */
    static LearningRateSchedule parse(Params params) {
        String type = params.string("type").toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new UsageException(params.key("type") + ": unknown schedule '" + type + "' (expected "
                + String.join(", ", TYPES) + ")");
        }
        String unit = params.string("unit", "epoch").toLowerCase(Locale.ROOT);
        if (!UNITS.contains(unit)) {
            throw new UsageException(params.key("unit") + ": unknown unit '" + unit + "' (expected epoch or iteration)");
        }
        double decay = type.equals("step") || type.equals("exponential") ? params.number("decay", 0, 1) : 1;
        double every = type.equals("step") ? params.number("every", 1, 1e9) : 1;
        double period = type.equals("cosine") ? params.number("period", 1, 1e9) : 1;
        double minFactor = type.equals("cosine") ? params.number("min-factor", 0, 0, 1) : 0;
        int warmup = params.integer("warmup", 0, 0, 100_000_000);
        params.rejectUnknownKeys();
        return new LearningRateSchedule(type, unit, decay, every, period, minFactor, warmup);
    }

    /** The DL4J schedule starting at {@code learningRate}, or null for a constant rate without warm-up. */
    ISchedule toSchedule(double learningRate) {
        ScheduleType scheduleType = unit.equals("epoch") ? ScheduleType.EPOCH : ScheduleType.ITERATION;
        ISchedule base = switch (type) {
            case "step" -> new StepSchedule(scheduleType, learningRate, decay, every);
            case "exponential" -> new ExponentialSchedule(scheduleType, learningRate, decay);
            case "cosine" -> new CosineSchedule(scheduleType, learningRate, learningRate * minFactor, period);
            default -> null;
        };
        if (warmup == 0) {
            return base;
        }
        return new WarmupSchedule(base == null ? new FixedSchedule(learningRate) : base, warmup);
    }

    /** A short summary such as {@code cosine over 12 epochs, warm-up 100}. */
    String describe() {
        String text = switch (type) {
            case "step" -> "step x" + Params.format(decay) + " every " + Params.format(every) + " " + unit + "s";
            case "exponential" -> "exponential x" + Params.format(decay) + " per " + unit;
            case "cosine" -> "cosine over " + Params.format(period) + " " + unit + "s to x" + Params.format(minFactor);
            default -> "constant";
        };
        return warmup > 0 ? text + ", warm-up " + warmup + " iterations" : text;
    }
}
