package io.dlspark.pipeline;

import com.typesafe.config.ConfigFactory;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.OptimizerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainStageOptimizerTest {
    private static Params block(String text) {
        return new Params(ConfigFactory.parseString(text), "train", "pipeline");
    }

    @Test
    void withoutOptimizerKeysTheSpecsOwnOptimizerTrainsAsOnTheCommandLine() {
        assertNull(TrainStage.optimizer(block("model = vgg11-small"), "vgg11-small"));
    }

    @Test
    void aLearningRateAloneKeepsTheSpecsOptimizerAndSchedule() {
        OptimizerConfig tuned = TrainStage.optimizer(block("model = vgg11-small, learning-rate = 0.01"), "vgg11-small");
        assertEquals("adam", tuned.name());
        assertEquals(0.01, tuned.learningRate(), 1e-12);
        assertTrue(tuned.describe().contains("cosine"), "the spec's cosine schedule is kept: " + tuned.describe());
        assertEquals("sgd", TrainStage.optimizer(block("optimizer = sgd"), "mlp").name());
    }
}
