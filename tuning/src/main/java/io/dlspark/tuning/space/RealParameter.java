package io.dlspark.tuning.space;

import io.dlspark.core.UsageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A real-valued parameter on [min, max], linear or logarithmic. */
public record RealParameter(String name, String target, double min, double max, Scale scale,
                            Optional<Condition> when) implements Parameter {
    public RealParameter {
        Names.check(name, target);
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(when, "when");
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new UsageException(name + ".min/max: must be finite numbers");
        }
        if (!(min < max)) {
            throw new UsageException(name + ".max: must be > min (" + min + "), got " + max);
        }
        if (scale == Scale.LOG && min <= 0) {
            throw new UsageException(name + ".min: must be > 0 for log scale, got " + min);
        }
    }

    @Override
    public Double fromUnit(double u) {
        double lo = scale.forward(min);
        double hi = scale.forward(max);
        double value = scale.inverse(lo + Parameter.clampUnit(u) * (hi - lo));
        return Math.min(max, Math.max(min, value));
    }

    @Override
    public double toUnit(Object value) {
        double v = (Double) canonical(value);
        double lo = scale.forward(min);
        double hi = scale.forward(max);
        return Parameter.clampUnit((scale.forward(v) - lo) / (hi - lo));
    }

    @Override
    public Object canonical(Object raw) {
        if (!(raw instanceof Number number)) {
            throw new UsageException(name + ": expected a number, got " + raw);
        }
        double v = number.doubleValue();
        double slack = 1e-9 * (max - min);
        if (!(v >= min - slack && v <= max + slack)) {
            throw new UsageException(name + ": " + v + " is outside [" + min + ", " + max + "]");
        }
        return Math.min(max, Math.max(min, v));
    }

    @Override
    public List<Object> gridValues(int resolution) {
        int points = Math.max(2, resolution);
        List<Object> values = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            values.add(fromUnit(i / (double) (points - 1)));
        }
        return values;
    }
}
