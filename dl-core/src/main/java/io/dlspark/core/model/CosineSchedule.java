package io.dlspark.core.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing, which DL4J lacks: {@code min + (initial - min) * (1 + cos(pi * t / period)) / 2} for
 * {@code t < period}, then {@code min}. Serialises with the network configuration (DL4J's shaded Jackson).
 */
public final class CosineSchedule implements ISchedule {
    private final ScheduleType scheduleType;
    private final double initialValue;
    private final double minValue;
    private final double period;

    public CosineSchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                          @JsonProperty("initialValue") double initialValue,
                          @JsonProperty("minValue") double minValue,
                          @JsonProperty("period") double period) {
        this.scheduleType = scheduleType;
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.period = period;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double t = scheduleType == ScheduleType.ITERATION ? iteration : epoch;
        if (t >= period) {
            return minValue;
        }
        return minValue + (initialValue - minValue) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(scheduleType, initialValue, minValue, period);
    }

    @JsonProperty("scheduleType")
    public ScheduleType getScheduleType() {
        return scheduleType;
    }

    @JsonProperty("initialValue")
    public double getInitialValue() {
        return initialValue;
    }

    @JsonProperty("minValue")
    public double getMinValue() {
        return minValue;
    }

    @JsonProperty("period")
    public double getPeriod() {
        return period;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.scheduleType == scheduleType && c.initialValue == initialValue
            && c.minValue == minValue && c.period == period;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scheduleType, initialValue, minValue, period);
    }
}
