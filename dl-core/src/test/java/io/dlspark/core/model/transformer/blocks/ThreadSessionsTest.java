package io.dlspark.core.model.transformer.blocks;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A SameDiff block run on thread after thread keeps no execution session (nor its arrays) between passes. */
class ThreadSessionsTest {
    @Test
    void anEncoderFittedAndScoredOnThreeThreadsInTurnKeepsNoSession() throws Exception {
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", Map.of("layers", 1, "hidden", 8, "heads", 2,
            "feed-forward", 16, "max-length", 6, "vocabulary-size", 12));
        ComputationGraph net = (ComputationGraph) spec.build(new ModelInput.TokenInput(6, 12), 2, spec.optimizer(), 5);
        DataSet batch = new DataSet(Nd4j.createFromArray(new float[][] {{2, 5, 7, 3, 0, 0}, {2, 9, 3, 0, 0, 0}}),
            Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));
        for (int i = 0; i < 3; i++) {
            // Spark runs each task on whichever executor thread is free: here, a new thread each time
            Thread task = new Thread(() -> {
                net.fit(batch);
                net.outputSingle(batch.getFeatures());
            });
            task.start();
            task.join();
        }
        List<SameDiff> blocks = sameDiffs(net);
        assertTrue(blocks.size() >= 5, "attention, norms, feed-forward, position embedding: " + blocks.size());
        for (SameDiff block : blocks) {
            assertEquals(0, block.getSessions().size(), "sessions of the block");
            assertEquals(0, block.getFunction(ThreadSessions.GRADIENT_FUNCTION).getSessions().size(),
                "sessions of its gradient function");
        }
    }

    private static List<SameDiff> sameDiffs(ComputationGraph net) throws Exception {
        List<SameDiff> found = new ArrayList<>();
        for (GraphVertex vertex : net.getVertices()) {
            Object holder = vertex instanceof LayerVertex layer ? layer.getLayer() : vertex;
            for (Class<?> type = holder.getClass(); type != null; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getType() == SameDiff.class && field.getName().equals("sameDiff")) {
                        field.setAccessible(true);
                        SameDiff sd = (SameDiff) field.get(holder);
                        if (sd != null) {
                            found.add(sd);
                        }
                    }
                }
            }
        }
        return found;
    }
}
