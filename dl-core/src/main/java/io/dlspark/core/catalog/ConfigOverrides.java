package io.dlspark.core.catalog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.dlspark.core.UsageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces values in a spec's configuration by key path before it is validated: {@code dropout}, {@code l2},
 * {@code optimizer.learning-rate}, and list elements by index, such as {@code layers.0.size} or
 * {@code hidden-layers.1}. A path into a list needs an existing element; any other key that the spec's family does
 * not know is rejected when the spec is validated, naming the key.
 */
final class ConfigOverrides {
    private ConfigOverrides() {
    }

    static Config apply(Config spec, Map<String, Object> overrides, String key) {
        ConfigObject root = spec.root();
        for (Map.Entry<String, Object> override : overrides.entrySet()) {
            String path = override.getKey();
            ConfigValue value = ConfigValueFactory.fromAnyRef(override.getValue(), "override " + path);
            root = (ConfigObject) replace(root, List.of(path.split("\\.", -1)), 0, value, key, path);
        }
        return root.toConfig();
    }

    private static ConfigValue replace(ConfigValue node, List<String> parts, int at, ConfigValue value, String key, String path) {
        if (at == parts.size()) {
            return value;
        }
        String part = parts.get(at);
        if (part.isEmpty()) {
            throw new UsageException(key + "." + path + ": not a valid override key (empty path element)");
        }
        if (node instanceof ConfigList list) {
            int index = index(part, list.size(), key, path);
            List<Object> copy = new ArrayList<>(list);
            copy.set(index, replace(list.get(index), parts, at + 1, value, key, path));
            return ConfigValueFactory.fromIterable(copy);
        }
        ConfigObject object = node instanceof ConfigObject o ? o : null;
        if (object == null) {
            throw new UsageException(key + "." + path + ": unknown key (" + key + "." + String.join(".", parts.subList(0, at))
                + " is a " + node.valueType().name().toLowerCase(java.util.Locale.ROOT) + ", not an object or list)");
        }
        ConfigValue child = object.get(part);
        ConfigValue replaced = child == null
            ? nested(parts, at + 1, value)
            : replace(child, parts, at + 1, value, key, path);
        return object.withValue(part, replaced);
    }

    /** A new value for a path that does not exist yet: objects down to the value. */
    private static ConfigValue nested(List<String> parts, int at, ConfigValue value) {
        ConfigValue result = value;
        for (int i = parts.size() - 1; i >= at; i--) {
            result = ConfigValueFactory.fromMap(Map.of(parts.get(i), result));
        }
        return result;
    }

    private static int index(String part, int size, String key, String path) {
        int index;
        try {
            index = Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new UsageException(key + "." + path + ": '" + part + "' is not a list index");
        }
        if (index < 0 || index >= size) {
            throw new UsageException(key + "." + path + ": index " + index + " is outside the list of " + size + " elements");
        }
        return index;
    }
}
