package io.dlspark.tuning.space;

import io.dlspark.core.UsageException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parameter taking one of a list of strings, numbers or booleans; each owns an equal share of [0, 1]. */
public record CategoricalParameter(String name, String target, List<Object> values,
                                   Optional<Condition> when) implements Parameter {
    public CategoricalParameter {
        Names.check(name, target);
        Objects.requireNonNull(when, "when");
        if (values == null || values.isEmpty()) {
            throw new UsageException(name + ".values: needs at least one value");
        }
        for (Object v : values) {
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new UsageException(name + ".values: only strings, numbers and booleans are allowed, got " + v);
            }
        }
        values = List.copyOf(values);
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (same(values.get(i), values.get(j))) {
                    throw new UsageException(name + ".values: " + values.get(i) + " is listed twice");
                }
            }
        }
    }

    @Override
    public Object fromUnit(double u) {
        int k = values.size();
        return values.get(Math.min(k - 1, (int) Math.floor(Parameter.clampUnit(u) * k)));
    }

    @Override
    public double toUnit(Object value) {
        return (indexOf(value) + 0.5) / values.size();
    }

    @Override
    public Object canonical(Object raw) {
        return values.get(indexOf(raw));
    }

    /** Whether {@code raw} names one of the values (numbers compare by value, so 64 matches 64.0). */
    public boolean contains(Object raw) {
        return values.stream().anyMatch(v -> same(v, raw));
    }

    private int indexOf(Object raw) {
        for (int i = 0; i < values.size(); i++) {
            if (same(values.get(i), raw)) {
                return i;
            }
        }
        throw new UsageException(name + ": " + raw + " is not one of " + values);
    }

    @Override
    public List<Object> gridValues(int resolution) {
        return values;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }
}
