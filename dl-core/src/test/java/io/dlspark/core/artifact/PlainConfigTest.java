package io.dlspark.core.artifact;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainConfigTest {
    private static String config(String model) {
        ModelSpec spec = ModelCatalog.resolve(model);
        NeuralNetwork net = spec.build(spec.exampleInput(), 10, spec.optimizer(), 1);
        return Networks.configJson(net);
    }

    @Test
    void scheduleAndLossClassesOfTheShippedSpecsAreReplaced() {
        String vgg = config("vgg11-small");
        assertTrue(vgg.contains("io.dlspark.core.model.CosineSchedule"), "the spec uses dlspark's cosine schedule");
        String plainVgg = PlainConfig.rewrite(vgg, 0, 0);
        assertFalse(plainVgg.contains("io.dlspark"), plainVgg);
        assertTrue(plainVgg.contains("org.nd4j.linalg.schedule.MapSchedule"), plainVgg);

        String resnet = config("resnet20-fashion");
        assertTrue(resnet.contains("io.dlspark.core.model.WarmupSchedule"), "warm-up");
        assertTrue(resnet.contains("io.dlspark.core.model.LabelSmoothingLoss"), "label smoothing");
        String plainResnet = PlainConfig.rewrite(resnet, 0, 0);
        assertFalse(plainResnet.contains("io.dlspark"), plainResnet);
        assertFalse(plainResnet.contains("\"smoothing\""), plainResnet);
        assertTrue(plainResnet.contains("org.nd4j.linalg.lossfunctions.impl.LossMCXENT"), plainResnet);
    }

    @Test
    void aClassWithoutPlainEquivalentIsNamedWithItsPlace() {
        String json = "{\"layer\": {\"@class\": \"org.deeplearning4j.nn.conf.layers.DenseLayer\","
            + " \"activationFn\": {\"@class\": \"com.example.Swish\"}}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlainConfig.rewrite(json, 0, 0));
        assertEquals("no plain DL4J equivalent for com.example.Swish at $.layer.activationFn", e.getMessage());
    }
}
