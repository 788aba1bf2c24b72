package io.dlspark.core.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A benchmark's command line of {@code --name value} pairs. Parsing rejects an option that is not among the known
 * ones (naming them), one without a value and one given twice; a value that is not of the option's type is an error
 * naming the option. Options not given take the caller's default.
 */
public final class BenchArgs {
    private final Map<String, String> values;

    private BenchArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args} against the known option names (with their leading {@code --}). */
    public static BenchArgs parse(String[] args, String... known) {
        Set<String> names = Set.of(known);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (known: " + String.join(" ", known) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            if (values.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("option " + name + " is given twice");
            }
        }
        return new BenchArgs(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return typed(name, fallback, Integer::valueOf, "an integer");
    }

    public long longInteger(String name, long fallback) {
        return typed(name, fallback, Long::valueOf, "an integer");
    }

    public double real(String name, double fallback) {
        return typed(name, fallback, Double::valueOf, "a number");
    }

    /** A comma-separated list. */
    public List<String> list(String name, List<String> fallback) {
        return has(name) ? List.of(values.get(name).split(",")) : fallback;
    }

    /** A comma-separated list of integers. */
    public int[] integers(String name, int[] fallback) {
        return typed(name, fallback, v -> Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray(),
            "comma-separated integers");
    }

    /** A comma-separated list of long integers. */
    public long[] longIntegers(String name, long[] fallback) {
        return typed(name, fallback, v -> Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray(),
            "comma-separated integers");
    }

    private <T> T typed(String name, T fallback, Function<String, T> parser, String expected) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " takes " + expected + ", not '" + value + "'", e);
        }
    }
}
