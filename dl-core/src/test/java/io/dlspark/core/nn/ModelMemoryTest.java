package io.dlspark.core.nn;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelMemoryTest {
    private static final ModelInput MNIST = new ModelInput.ImageInput(new ImageShape(28, 28, 1));

    @Test
    void theConfigurationCountsWhatInitAllocates() {
        for (String name : List.of("lenet", "mlp", "vgg11-small")) {
            MultiLayerNetwork net = (MultiLayerNetwork) ModelCatalog.resolve(name).build(
                name.equals("vgg11-small") ? new ModelInput.ImageInput(new ImageShape(32, 32, 3)) : MNIST, 10,
                OptimizerConfig.adam(1e-3), 1);
            ModelMemory.Estimate estimate = ModelMemory.of(net.getLayerWiseConfigurations());
            assertEquals(net.numParams(), estimate.params(), name);
            // float32 parameters and gradients plus Adam's two moments
            assertEquals(net.numParams() * 4 * 4, estimate.bytes(), name);
        }
    }

    @Test
    void aModelBeyondTheLimitIsRefusedNamingEstimateAndLimit() {
        UsageException e = assertThrows(UsageException.class,
            () -> ModelMemory.requireFits("model 'x'", List.of(new ModelMemory.Estimate(1_000_000, 64L << 20)), 32L << 20));
        assertEquals("model 'x' has 1,000,000 parameters: about 64.0 MiB with gradients and updater state, more than the "
            + "native memory limit org.bytedeco.javacpp.maxbytes=32.0 MiB; use fewer or narrower layers, or raise the limit",
            e.getMessage());
    }

    @Test
    void aVeryWideMlpIsRefusedBeforeInit() {
        UsageException e = assertThrows(UsageException.class, () -> ModelCatalog.resolve("mlp",
            Map.of("hidden-layers", List.of(100000, 100000))).build(MNIST, 10, OptimizerConfig.adam(1e-3), 1));
        assertTrue(e.getMessage().contains("10,079,600,010 parameters") && e.getMessage().contains("maxbytes="), e.getMessage());
    }

    @Test
    void aVeryWideResidualNetworkIsRefusedBeforeInit() {
        UsageException e = assertThrows(UsageException.class, () -> ModelCatalog.resolve("resnet8",
            Map.of("widths", List.of(16384, 16384, 16384))).build(MNIST, 10, OptimizerConfig.adam(1e-3), 1));
        assertTrue(e.getMessage().startsWith("model 'resnet8' has ") && e.getMessage().contains("maxbytes="), e.getMessage());
    }
}
