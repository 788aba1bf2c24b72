package io.dlspark.core.model.transformer.blocks;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Makes double ND4J's default data type for a test class, as DL4J's gradient checks insist, and restores it after. */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
    private DataType type;
    private DataType floatingType;

    @Override
    public void beforeAll(ExtensionContext context) {
        type = Nd4j.dataType();
        floatingType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(type, floatingType);
    }
}
