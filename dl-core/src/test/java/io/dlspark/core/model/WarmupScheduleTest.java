package io.dlspark.core.model;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.NetworkBlueprint;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cosine decay after a linear warm-up: its values, and that it survives the trips a configuration makes (to the
 * executors as a blueprint, and through model.zip), which DL4J's own RampSchedule does not in M2.1.
 */
class WarmupScheduleTest {

    @Test
    void rampsLinearlyThenFollowsTheBaseSchedule() {
        ISchedule schedule = new WarmupSchedule(new CosineSchedule(ScheduleType.EPOCH, 0.1, 0.001, 10), 100);
        assertEquals(0.1 / 100, schedule.valueAt(0, 0), 1e-12);
        assertEquals(0.1 * 50 / 100, schedule.valueAt(49, 0), 1e-12);
        assertEquals(0.1, schedule.valueAt(99, 0), 1e-12);
        assertEquals(0.001 + 0.099 * 0.5, schedule.valueAt(5000, 5), 1e-12);
        assertEquals(0.001, schedule.valueAt(9000, 12), 1e-12);
    }

    @Test
    void theResnetSchedulesSurviveTheBlueprintAndModelZip() throws Exception {
        ModelSpec spec = ModelCatalog.resolve("resnet20");
        NeuralNetwork net = spec.build(new ModelInput.ImageInput(new ImageShape(28, 28, 1)), 10, spec.optimizer(), 1);
        ComputationGraph executor = (ComputationGraph) NetworkBlueprint.of(net).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Networks.save(executor, bytes);
        ComputationGraph loaded = (ComputationGraph) Networks.load(NetworkKind.GRAPH,
            new ByteArrayInputStream(bytes.toByteArray()), "model.zip");
        IUpdater updater = loaded.getLayer("stem-conv").conf().getLayer().getUpdaterByParam("W");
        assertEquals(0.1 / 200, updater.getLearningRate(0, 0), 1e-12);
        assertEquals(0.1, updater.getLearningRate(199, 0), 1e-12);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 7 / 15)) / 2, updater.getLearningRate(10_000, 7), 1e-9);
    }
}
