package io.dlspark.core.model;

import java.io.Serializable;

/**
 * The keys every model spec file has, whatever its family: the name (the file's base name), {@code kind},
 * {@code description}, {@code optimizer} and {@code example-input}; {@code key} is the spec's key prefix in error
 * messages, such as {@code models.lenet}.
 */
public record SpecHeader(String name, String key, String kind, String description, OptimizerConfig optimizer,
                         ModelInput exampleInput) implements Serializable {
}
