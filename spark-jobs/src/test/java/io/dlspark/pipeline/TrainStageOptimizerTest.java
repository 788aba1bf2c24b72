package io.dlspark.pipeline;

import com.typesafe.config.ConfigFactory;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.OptimizerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void optimizerErrorsNameThePipelineKeys() {
        io.dlspark.core.UsageException zero = assertThrows(io.dlspark.core.UsageException.class,
            () -> TrainStage.optimizer(block("learning-rate = 0"), "mlp"));
        assertEquals("train.learning-rate: must be a positive number, got 0.0", zero.getMessage());
        io.dlspark.core.UsageException name = assertThrows(io.dlspark.core.UsageException.class,
            () -> TrainStage.optimizer(block("optimizer = adagrad"), "mlp"));
        assertTrue(name.getMessage().startsWith("train.optimizer: unknown optimizer 'adagrad'"), name.getMessage());
    }
}
