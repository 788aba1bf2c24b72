package io.dlspark.tuning.space;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dlspark.core.UsageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@link SearchSpace} from HOCON, one parameter per key, such as {@code lr { type = real, target =
 * training.learningRate, min = 1e-4, max = 0.1, scale = log }} (more in {@code conf/tuning/}). Errors name the full
 * key, e.g. {@code tuning.space.lr.min}.
 */
public final class SearchSpaceParser {
    private static final Set<String> NUMERIC_KEYS = Set.of("type", "target", "min", "max", "scale", "when");
    private static final Set<String> CATEGORICAL_KEYS = Set.of("type", "target", "values", "when");

    private SearchSpaceParser() {
    }

    /** Parses the object at {@code path} of {@code root}. */
    public static SearchSpace parse(Config root, String path) {
        if (!root.hasPath(path)) {
            throw new UsageException(path + ": missing");
        }
        Config space = object(root, path);
        List<Parameter> parameters = new ArrayList<>();
        for (String name : space.root().keySet()) {
            String key = path + "." + quote(name);
            try {
                parameters.add(parameter(name, object(space, quote(name))));
            } catch (UsageException e) {
                throw new UsageException(prefix(path, e.getMessage()), e);
            } catch (ConfigException e) {
                throw new UsageException(key + ": " + e.getMessage(), e);
            }
        }
        try {
            return new SearchSpace(parameters);
        } catch (UsageException e) {
            throw new UsageException(prefix(path, e.getMessage()), e);
        }
    }

    private static Parameter parameter(String name, Config c) {
        String type = string(c, "type", name).toLowerCase(Locale.ROOT);
        String target = string(c, "target", name);
        Optional<Condition> when = condition(c, name);
        switch (type) {
            case "real" -> {
                checkKeys(c, NUMERIC_KEYS, name);
                return new RealParameter(name, target, number(c, "min", name), number(c, "max", name), scale(c, name), when);
            }
            case "int", "integer" -> {
                checkKeys(c, NUMERIC_KEYS, name);
                return new IntParameter(name, target, integer(c, "min", name), integer(c, "max", name), scale(c, name), when);
            }
            case "categorical" -> {
                checkKeys(c, CATEGORICAL_KEYS, name);
                if (!c.hasPath("values")) {
                    throw new UsageException(name + ".values: missing");
                }
                return new CategoricalParameter(name, target, new ArrayList<>(c.getList("values").unwrapped()), when);
            }
            default -> throw new UsageException(name + ".type: must be real, int or categorical, got " + type);
        }
    }

    private static Optional<Condition> condition(Config c, String name) {
        if (!c.hasPath("when")) {
            return Optional.empty();
        }
        Config when = object(c, "when");
        if (when.root().size() != 1) {
            throw new UsageException(name + ".when: must name exactly one parent parameter");
        }
        Map.Entry<String, ConfigValue> entry = when.root().entrySet().iterator().next();
        Object raw = entry.getValue().unwrapped();
        List<Object> values = raw instanceof List<?> list ? new ArrayList<>(list) : List.of(raw);
        return Optional.of(new Condition(entry.getKey(), values));
    }

    private static Scale scale(Config c, String name) {
        if (!c.hasPath("scale")) {
            return Scale.LINEAR;
        }
        String s = c.getString("scale").toUpperCase(Locale.ROOT);
        try {
            return Scale.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ".scale: must be linear or log, got " + c.getString("scale"), e);
        }
    }

    private static void checkKeys(Config c, Set<String> allowed, String name) {
        for (String k : c.root().keySet()) {
            if (!allowed.contains(k)) {
                throw new UsageException(name + "." + k + ": unknown key (allowed: " + allowed + ")");
            }
        }
    }

    private static String string(Config c, String k, String name) {
        if (!c.hasPath(k)) {
            throw new UsageException(name + "." + k + ": missing");
        }
        return c.getString(k);
    }

    private static double number(Config c, String k, String name) {
        if (!c.hasPath(k)) {
            throw new UsageException(name + "." + k + ": missing");
        }
        if (c.getValue(k).valueType() != ConfigValueType.NUMBER) {
            throw new UsageException(name + "." + k + ": must be a number, got " + c.getValue(k).unwrapped());
        }
        return c.getDouble(k);
    }

    private static int integer(Config c, String k, String name) {
        double v = number(c, k, name);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new UsageException(name + "." + k + ": must be an integer, got " + v);
        }
        return (int) v;
    }

    private static Config object(Config c, String path) {
        if (c.getValue(path).valueType() != ConfigValueType.OBJECT) {
            throw new UsageException(path + ": must be an object");
        }
        return c.getConfig(path);
    }

    private static String quote(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? name : "\"" + name + "\"";
    }

    private static String prefix(String path, String message) {
        return message.startsWith(path + ".") ? message : path + "." + message;
    }
}
