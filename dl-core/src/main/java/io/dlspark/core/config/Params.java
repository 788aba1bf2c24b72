package io.dlspark.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dlspark.core.UsageException;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the keys of one configuration object and names the full key in every error, for example
 * {@code augment.ops[2].degrees: must be >= 0, got -5}. Keys that were present but never read are rejected by
 * {@link #rejectUnknownKeys}, so that a misspelt key is an error rather than a silent default.
 */
public final class Params {
    private final Config config;
    private final String path;
    private final String owner;
    private final Set<String> known = new TreeSet<>();

    /**
     * @param config the object's keys
     * @param path   its full key, such as {@code augment.ops[2]}
     * @param owner  what the object configures, for the unknown-key message, such as {@code op 'rotate'}
     */
    public Params(Config config, String path, String owner) {
        this.config = config;
        this.path = path;
        this.owner = owner;
    }

    /** The full key of {@code key}, for messages. */
    public String key(String key) {
        return path + "." + key;
    }

    public boolean has(String key) {
        known.add(key);
        return config.hasPath(key);
    }

    /** A required string. */
    public String string(String key) {
        requirePresent(key);
        try {
            return config.getString(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be a string, got " + render(key));
        }
    }

    /** An optional string. */
    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    /** A required whole number. */
    public long longValue(String key) {
        requirePresent(key);
        try {
            return config.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be a whole number, got " + render(key));
        }
    }

    /** A number in [min, max], or {@code fallback} when absent. */
    public double number(String key, double fallback, double min, double max) {
        double value = has(key) ? number(key) : fallback;
        return checkRange(key, value, min, max);
    }

    /** A required number in [min, max]. */
    public double number(String key, double min, double max) {
        requirePresent(key);
        return checkRange(key, number(key), min, max);
    }

    /** A whole number in [min, max], or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        int value = has(key) ? integer(key) : fallback;
        return (int) checkRange(key, value, min, max);
    }

    /** A required whole number in [min, max]. */
    public int integer(String key, int min, int max) {
        requirePresent(key);
        return (int) checkRange(key, integer(key), min, max);
    }

    /** A whole number N, read as N x N, or a list {@code [height, width]}; each in [min, max]. */
    public int[] size(String key, int min, int max) {
        requirePresent(key);
        ConfigValue value = config.getValue(key);
        if (value.valueType() == ConfigValueType.NUMBER) {
            int side = integer(key, min, max);
            return new int[] {side, side};
        }
        List<Integer> sides;
        try {
            sides = config.getIntList(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be a whole number or a list [height, width], got " + render(key));
        }
        if (sides.size() != 2) {
            throw new UsageException(key(key) + ": must be a whole number or a list [height, width], got " + render(key));
        }
        for (int side : sides) {
            checkRange(key, side, min, max);
        }
        return new int[] {sides.get(0), sides.get(1)};
    }

    /** A list of configuration objects, each with its full key {@code key[i]}. */
    public List<? extends Config> objects(String key) {
        requirePresent(key);
        try {
            return config.getConfigList(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be a list of objects such as [{ ... }, { ... }], got " + render(key));
        }
    }

    /** A boolean, or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            return config.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be true or false, got " + render(key));
        }
    }

    /** A list of whole numbers, each in [min, max], or {@code fallback} when absent. */
    public List<Integer> integers(String key, List<Integer> fallback, int min, int max) {
        if (!has(key)) {
            return fallback;
        }
        List<Double> values;
        try {
            values = config.getDoubleList(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be a list of whole numbers such as [256, 128], got " + render(key));
        }
        List<Integer> result = new java.util.ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            String element = key + "[" + i + "]";
            if (value != Math.rint(value)) {
                throw new UsageException(key(element) + ": must be a whole number, got " + format(value));
            }
            result.add((int) checkRange(element, value, min, max));
        }
        return List.copyOf(result);
    }

    /** A nested configuration object. */
    public Config object(String key) {
        requirePresent(key);
        try {
            return config.getConfig(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be an object, got " + render(key));
        }
    }

    /** Fails on the first key (in name order) that none of the reads above asked for. */
    public void rejectUnknownKeys() {
        for (String present : new TreeSet<>(config.root().keySet())) {
            if (!known.contains(present)) {
                throw new UsageException(key(present) + ": unknown key for " + owner + " (known keys: "
                    + String.join(", ", known) + ")");
            }
        }
    }

    /** Formats a number as written by a user: whole numbers without a decimal point. */
    public static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private double number(String key) {
        try {
            return config.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new UsageException(key(key) + ": must be a number, got " + render(key));
        }
    }

    private int integer(String key) {
        double value = number(key);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new UsageException(key(key) + ": must be a whole number, got " + render(key));
        }
        return (int) value;
    }

    private double checkRange(String key, double value, double min, double max) {
        if (Double.isNaN(value) || value < min) {
            throw new UsageException(key(key) + ": must be >= " + format(min) + ", got " + format(value));
        }
        if (value > max) {
            throw new UsageException(key(key) + ": must be <= " + format(max) + ", got " + format(value));
        }
        return value;
    }

    private void requirePresent(String key) {
        if (!has(key)) {
            throw new UsageException(key(key) + ": missing (required for " + owner + ")");
        }
    }

    private String render(String key) {
        return config.getValue(key).render(ConfigRenderOptions.concise());
    }
}
