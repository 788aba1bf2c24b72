package io.dlspark.tuning.space;

import io.dlspark.core.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An integer parameter on [min, max], linear or logarithmic. Each integer owns an equal share of [0, 1] (of its
 * logarithm on log scale), and {@link #toUnit} returns a point inside that share, so mapping round-trips exactly.
 */
public record IntParameter(String name, String target, int min, int max, Scale scale,
                           Optional<Condition> when) implements Parameter {
    public IntParameter {
        Names.check(name, target);
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(when, "when");
        if (min > max) {
            throw new UsageException(name + ".max: must be >= min (" + min + "), got " + max);
        }
        if (scale == Scale.LOG && min < 1) {
            throw new UsageException(name + ".min: must be >= 1 for log scale, got " + min);
        }
    }

    private double lo() {
        return scale.forward(min - 0.5);
    }

    private double hi() {
        return scale.forward(max + 0.5);
    }

    @Override
    public Integer fromUnit(double u) {
        double x = scale.inverse(lo() + Parameter.clampUnit(u) * (hi() - lo()));
        return (int) Math.min(max, Math.max(min, Math.round(x)));
    }

    @Override
    public double toUnit(Object value) {
        int v = (Integer) canonical(value);
        return Parameter.clampUnit((scale.forward(v) - lo()) / (hi() - lo()));
    }

    @Override
    public Object canonical(Object raw) {
        if (!(raw instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new UsageException(name + ": expected an integer, got " + raw);
        }
        long v = number.longValue();
        if (v < min || v > max) {
            throw new UsageException(name + ": " + v + " is outside [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    @Override
    public List<Object> gridValues(int resolution) {
        long count = (long) max - min + 1;
        Set<Object> values = new LinkedHashSet<>();
        if (count <= Math.max(2, resolution)) {
            for (int v = min; v <= max; v++) {
                values.add(v);
            }
        } else {
            int points = Math.max(2, resolution);
            for (int i = 0; i < points; i++) {
                double t = scale.forward(min) + i * (scale.forward(max) - scale.forward(min)) / (points - 1);
                values.add((int) Math.min(max, Math.max(min, Math.round(scale.inverse(t)))));
            }
        }
        return new ArrayList<>(values);
    }
}
