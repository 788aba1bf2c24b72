package io.dlspark.tuning.space;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.dlspark.core.UsageException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An ordered set of parameters, mapped to and from the unit cube {@code [0, 1]^d}. Parameters are ordered by name,
 * except that a conditional parameter always follows its parent. Only active parameters appear in an
 * {@link Assignment}; an inactive parameter's coordinate is fixed at 0.5 by {@link #toUnit}.
 */
public record SearchSpace(List<Parameter> parameters) {
    /** The unit coordinate given to inactive parameters. */
    public static final double INACTIVE = 0.5;

    public SearchSpace {
        if (parameters == null || parameters.isEmpty()) {
            throw new UsageException("space: needs at least one parameter");
        }
        parameters = order(parameters);
    }

    public int dimension() {
        return parameters.size();
    }

    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new UsageException(name + ": no such parameter in the search space");
    }

    /** The assignment at a point of the unit cube; conditional parameters appear only when active. */
    public Assignment fromUnit(double[] u) {
        checkDimension(u);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (isActive(p, values)) {
                values.put(p.name(), p.fromUnit(u[i]));
            }
        }
        return new Assignment(values);
    }

    /** The unit-cube point of an assignment; inactive coordinates are {@link #INACTIVE}. */
    public double[] toUnit(Assignment assignment) {
        double[] u = new double[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            u[i] = assignment.has(p.name()) ? p.toUnit(assignment.get(p.name())) : INACTIVE;
        }
        return u;
    }

    /** The representative point of the cell containing {@code u}: {@code toUnit(fromUnit(u))}. */
    public double[] canonicalUnit(double[] u) {
        return toUnit(fromUnit(u));
    }

    /** A uniformly random assignment; only the active parameters are drawn. */
    public Assignment sample(Random random) {
        double[] u = new double[parameters.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = random.nextDouble();
        }
        return fromUnit(u);
    }

    /**
     * Checks values read back from outside (a ledger, a user) and converts them to canonical types: every active
     * parameter must be present, and no unknown or inactive one.
     */
    public Assignment assignment(Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            boolean active = isActive(p, values);
            if (active && !raw.containsKey(p.name())) {
                throw new UsageException(p.name() + ": missing, but active");
            }
            if (!active && raw.containsKey(p.name())) {
                throw new UsageException(p.name() + ": given, but inactive");
            }
            if (active) {
                values.put(p.name(), p.canonical(raw.get(p.name())));
            }
        }
        for (String key : raw.keySet()) {
            parameter(key);
        }
        return new Assignment(values);
    }

    /** Every grid point: the product of each parameter's grid values, expanding conditional ones only when active. */
    public List<Assignment> grid(int resolution) {
        List<Assignment> out = new ArrayList<>();
        expand(0, new LinkedHashMap<>(), resolution, a -> out.add(new Assignment(a)));
        return out;
    }

    /** The assignment as overrides keyed by each parameter's target key. */
    public Map<String, Object> overrides(Assignment assignment) {
        Map<String, Object> out = new LinkedHashMap<>();
        assignment.values().forEach((name, value) -> out.put(parameter(name).target(), value));
        return out;
    }

    /** {@code base} with the assignment's target keys set. */
    public Config applyTo(Assignment assignment, Config base) {
        Config result = base;
        for (Map.Entry<String, Object> e : overrides(assignment).entrySet()) {
            result = result.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return result;
    }

    private void expand(int index, LinkedHashMap<String, Object> partial, int resolution,
                        Consumer<Map<String, Object>> sink) {
        if (index == parameters.size()) {
            sink.accept(partial);
            return;
        }
        Parameter p = parameters.get(index);
        if (!isActive(p, partial)) {
            expand(index + 1, partial, resolution, sink);
            return;
        }
        for (Object v : p.gridValues(resolution)) {
            partial.put(p.name(), v);
            expand(index + 1, partial, resolution, sink);
            partial.remove(p.name());
        }
    }

    private boolean isActive(Parameter p, Map<String, Object> earlier) {
        if (p.when().isEmpty()) {
            return true;
        }
        Condition c = p.when().get();
        Object parentValue = earlier.get(c.parent());
        if (parentValue == null) {
            return false;
        }
        CategoricalParameter parent = (CategoricalParameter) parameter(c.parent());
        return c.values().stream().anyMatch(v -> parent.canonical(v).equals(parentValue));
    }

    private void checkDimension(double[] u) {
        if (u.length != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " coordinates, got " + u.length);
        }
    }

    private static List<Parameter> order(List<Parameter> given) {
        Map<String, Parameter> byName = new HashMap<>();
        for (Parameter p : given) {
            if (byName.put(p.name(), p) != null) {
                throw new UsageException(p.name() + ": declared twice");
            }
        }
        for (Parameter p : given) {
            if (p.when().isPresent()) {
                Condition c = p.when().get();
                Parameter parent = byName.get(c.parent());
                if (!(parent instanceof CategoricalParameter categorical)) {
                    throw new UsageException(p.name() + ".when." + c.parent()
                            + (parent == null ? ": no such parameter" : ": the parent must be categorical"));
                }
                for (Object v : c.values()) {
                    if (!categorical.contains(v)) {
                        throw new UsageException(p.name() + ".when." + c.parent() + ": " + v + " is not one of "
                                + categorical.values());
                    }
                }
            }
        }
        List<Parameter> sorted = new ArrayList<>(given);
        sorted.sort(Comparator.comparing(Parameter::name));
        List<Parameter> ordered = new ArrayList<>();
        while (!sorted.isEmpty()) {
            Parameter next = sorted.stream()
                    .filter(p -> p.when().isEmpty() || ordered.stream().anyMatch(o -> o.name().equals(p.when().get().parent())))
                    .findFirst()
                    .orElseThrow(() -> new UsageException(sorted.get(0).name() + ".when: conditions form a cycle"));
            ordered.add(next);
            sorted.remove(next);
        }
        return List.copyOf(ordered);
    }
}
