package io.dlspark.core.model;

import io.dlspark.core.config.Params;

/**
 * Turns the family-specific keys of a spec file into a {@link ModelSpec}. Families are registered by their
 * {@code kind} name in {@link ModelFamilies}; a family reads its keys through {@code params}, which rejects the
 * keys nobody read.
 */
@FunctionalInterface
public interface ModelFamily {
    ModelSpec parse(SpecHeader header, Params params);
}
