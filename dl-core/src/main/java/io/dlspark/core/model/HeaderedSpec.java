package io.dlspark.core.model;

/** A classifier spec whose common keys, the example input included, come from its {@link SpecHeader}. */
public interface HeaderedSpec extends ModelSpec, HeaderedCatalogSpec {
    @Override
    default ModelInput exampleInput() {
        return header().exampleInput();
    }
}
