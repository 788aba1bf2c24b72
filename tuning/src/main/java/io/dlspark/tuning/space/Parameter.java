package io.dlspark.tuning.space;

import java.util.List;
import java.util.Optional;

/**
 * One dimension of a {@link SearchSpace}: a name, the model or training key it sets ({@code target}), an optional
 * activation condition, and a mapping between its values and the unit interval.
 */
public sealed interface Parameter permits RealParameter, IntParameter, CategoricalParameter {
    String name();

    /** The model-spec or training key this parameter overrides, e.g. {@code training.learningRate}. */
    String target();

    Optional<Condition> when();

    /** The value at position {@code u} of [0, 1]; {@code u} outside is clamped. */
    Object fromUnit(double u);

    /** The position in [0, 1] of a canonical value; {@code fromUnit(toUnit(v)).equals(v)}. */
    double toUnit(Object value);

    /** Checks a value read back (e.g. from JSON) and converts it to the type {@link #fromUnit} returns. */
    Object canonical(Object raw);

    /** The values a grid search visits, {@code resolution} of them for continuous ranges. */
    List<Object> gridValues(int resolution);

    static double clampUnit(double u) {
        if (Double.isNaN(u)) {
            throw new IllegalArgumentException("unit coordinate is NaN");
        }
        return Math.min(1.0, Math.max(0.0, u));
    }
}
