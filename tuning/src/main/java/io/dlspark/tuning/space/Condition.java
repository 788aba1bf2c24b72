package io.dlspark.tuning.space;

import io.dlspark.core.UsageException;

import java.util.List;

/**
 * Makes a parameter active only when the categorical parameter {@code parent} takes one of {@code values},
 * for example {@code momentum} only when {@code updater = nesterov}.
 */
public record Condition(String parent, List<Object> values) {
    public Condition {
        if (parent == null || parent.isBlank()) {
            throw new UsageException("when: the parent parameter is missing");
        }
        if (values == null || values.isEmpty()) {
            throw new UsageException("when." + parent + ": needs at least one value");
        }
        values = List.copyOf(values);
    }
}
