package io.dlspark.core.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A linear warm-up in front of another schedule: {@code base(i, e) * min(1, (i + 1) / iterations)} at iteration
 * {@code i}. DL4J's own {@code RampSchedule} computes the same but cannot be read back from a saved configuration in
 * M2.1 (it has no JSON creator); this one serialises with the network configuration (DL4J's shaded Jackson).
 */
public final class WarmupSchedule implements ISchedule {
    private final ISchedule base;
    private final int iterations;

    public WarmupSchedule(@JsonProperty("base") ISchedule base, @JsonProperty("iterations") int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("warm-up iterations must be positive, got " + iterations);
        }
        this.base = Objects.requireNonNull(base, "base");
        this.iterations = iterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double value = base.valueAt(iteration, epoch);
        return iteration + 1 >= iterations ? value : value * (iteration + 1) / iterations;
    }

    @Override
    public ISchedule clone() {
        return new WarmupSchedule(base.clone(), iterations);
    }

    @JsonProperty("base")
    public ISchedule getBase() {
        return base;
    }

    @JsonProperty("iterations")
    public int getIterations() {
        return iterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupSchedule w && w.iterations == iterations && w.base.equals(base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, iterations);
    }
}
