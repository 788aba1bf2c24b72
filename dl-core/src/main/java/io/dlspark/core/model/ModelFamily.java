package io.dlspark.core.model;

import io.dlspark.core.config.Params;

/**
 * Turns the family-specific keys of a spec file into a {@link CatalogSpec}: a classifier {@link ModelSpec} or a
 * generative model. Families are registered by their {@code kind} name in the catalog's {@code ModelFamilies}; a
 * family reads its keys through {@code params}, which rejects the keys nobody read.
 */
@FunctionalInterface
public interface ModelFamily {
    CatalogSpec parse(SpecHeader header, Params params);
}
