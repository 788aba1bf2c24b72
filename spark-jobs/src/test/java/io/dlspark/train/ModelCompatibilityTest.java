package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCompatibilityTest {
    private static final ImageShape MNIST = new ImageShape(28, 28, 1);

    @Test
    void acceptsTheShapeItWasBuiltFor() {
        NeuralNetwork lenet = ModelCatalog.resolve("lenet").build(new ModelInput.ImageInput(MNIST), 10, OptimizerConfig.adam(1e-3), 1);
        assertDoesNotThrow(() -> ModelCompatibility.check(lenet, "lenet", MNIST, 10, true));
    }

    @Test
    void otherInputShapeIsAUsageErrorNamingBothShapes() {
        NeuralNetwork mlp = ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(8))).build(new ModelInput.ImageInput(MNIST), 10, OptimizerConfig.adam(1e-3), 1);
        UsageException e = assertThrows(UsageException.class,
            () -> ModelCompatibility.check(mlp, "mlp", new ImageShape(32, 32, 3), 10, false));
        assertTrue(e.getMessage().contains("32x32x3") && e.getMessage().contains("3072"), e.getMessage());
    }

    @Test
    void otherClassCountIsAUsageErrorNamingBoth() {
        NeuralNetwork mlp = ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(8))).build(new ModelInput.ImageInput(MNIST), 10, OptimizerConfig.adam(1e-3), 1);
        UsageException e = assertThrows(UsageException.class,
            () -> ModelCompatibility.check(mlp, "mlp", MNIST, 5, false));
        assertTrue(e.getMessage().contains("[1, 10]") && e.getMessage().contains("5 classes"), e.getMessage());
    }
}
