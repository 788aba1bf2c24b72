package io.dlspark.core.model;

/** A catalog spec, classifier or generative, whose common keys come from its {@link SpecHeader}. */
public interface HeaderedCatalogSpec extends CatalogSpec {
    /** The keys every spec file has (name, kind, description, optimizer, example input). */
    SpecHeader header();

    @Override
    default String name() {
        return header().name();
    }

    @Override
    default String kind() {
        return header().kind();
    }

    @Override
    default String description() {
        return header().description();
    }

    @Override
    default OptimizerConfig optimizer() {
        return header().optimizer();
    }
}
