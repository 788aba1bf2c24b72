package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {
    private static final ImageShape MNIST = new ImageShape(28, 28, 1);

    @Test
    void dl4jLeNetHasItsKnownParameterCount() {
        NeuralNetwork lenet = ModelCatalog.resolve("lenet").build(MNIST, 10, OptimizerConfig.adam(1e-3), 1);
        assertEquals(431_080, lenet.params().length());
    }

    @Test
    void mlpParameterCountMatchesItsLayers() {
        NeuralNetwork mlp = new MlpSpec("small", List.of(20)).build(new ImageShape(4, 4, 1), 3, OptimizerConfig.adam(1e-3), 1);
        assertEquals(16 * 20 + 20 + 20 * 3 + 3, mlp.params().length());
    }

    @Test
    void unknownModelAndBadOptimizerNameTheOption() {
        UsageException model = assertThrows(UsageException.class, () -> ModelCatalog.resolve("resnet"));
        assertTrue(model.getMessage().contains("--model") && model.getMessage().contains("lenet"), model.getMessage());
        UsageException optimizer = assertThrows(UsageException.class, () -> new OptimizerConfig("adagrad", 0.1));
        assertTrue(optimizer.getMessage().contains("--optimizer"), optimizer.getMessage());
        assertThrows(UsageException.class, () -> new OptimizerConfig("adam", -1));
    }
}
