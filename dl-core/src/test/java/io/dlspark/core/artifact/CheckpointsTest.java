package io.dlspark.core.artifact;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkKind;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointsTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousOneWithAWarning() throws IOException {
        NeuralNetwork net = ModelCatalog.resolve("mlp", java.util.Map.of("hidden-layers", List.of(4))).build(new ModelInput.ImageInput(new ImageShape(2, 2, 1)), 2, OptimizerConfig.adam(1e-3), 1);
        Checkpoints checkpoints = new Checkpoints(new Path(dir.toUri()), new Configuration());
        checkpoints.write(net, new CheckpointState(1, 0, 10, 1, "t1"));
        Path newest = checkpoints.write(net, new CheckpointState(2, 0, 20, 1, "t2"));
        Files.write(dir.resolve("checkpoints").resolve(newest.getName()).resolve("model.zip"), new byte[] {1, 2, 3});

        List<LogEvent> events = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        capture.start();
        Logger logger = (Logger) LogManager.getLogger(Checkpoints.class);
        logger.addAppender(capture);
        try {
            Checkpoints.Loaded loaded = checkpoints.latest(NetworkKind.MULTI_LAYER).orElseThrow();
            assertEquals(1, loaded.state().epoch(), "fell back to the previous checkpoint");
        } finally {
            logger.removeAppender(capture);
        }
        assertTrue(events.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getMessage().getFormattedMessage().contains(newest.getName())
                && e.getMessage().getFormattedMessage().contains("falling back")),
            "a warning names the corrupt checkpoint: " + events);
    }

    @Test
    void aStateThatDisagreesWithItsFolderIsNotResumedFrom() throws IOException {
        NeuralNetwork net = ModelCatalog.resolve("mlp", java.util.Map.of("hidden-layers", List.of(4))).build(new ModelInput.ImageInput(new ImageShape(2, 2, 1)), 2, OptimizerConfig.adam(1e-3), 1);
        Checkpoints checkpoints = new Checkpoints(new Path(dir.toUri()), new Configuration());
        checkpoints.write(net, new CheckpointState(1, 0, 10, 1, "t1"));
        Path newest = checkpoints.write(net, new CheckpointState(2, 0, 20, 1, "t2"));
        java.nio.file.Path state = dir.resolve("checkpoints").resolve(newest.getName()).resolve("state.json");
        Files.writeString(state, Files.readString(state).replace("\"epoch\" : 2", "\"epoch\" : 999")
            .replace("\"round\" : 0", "\"round\" : -7"));
        assertTrue(Files.readString(state).contains("999"), "the test edited the state");
        assertEquals(1, checkpoints.latest(NetworkKind.MULTI_LAYER).orElseThrow().state().epoch(),
            "an edited state.json is skipped like a corrupt checkpoint");
    }
}
