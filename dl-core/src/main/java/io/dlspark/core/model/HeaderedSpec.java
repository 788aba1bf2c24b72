package io.dlspark.core.model;

/** A classifier spec whose common keys come from its {@link SpecHeader}. */
public interface HeaderedSpec extends ModelSpec {
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

    @Override
    default ModelInput exampleInput() {
        return header().exampleInput();
    }
}
