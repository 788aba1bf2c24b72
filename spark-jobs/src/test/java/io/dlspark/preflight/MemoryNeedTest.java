package io.dlspark.preflight;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory estimate reads a network's configuration and leaves it as it was. */
class MemoryNeedTest {
    @Test
    void estimatingAnEncoderForAVocabularySmallerThanItsSpecsLeavesItsEmbeddingAndItsUpdaterIntact() {
        // the vocabulary file has 12 tokens; the spec's embedding has 20 rows, as any vocabulary up to 20 is taken
        ModelSpec spec = ModelCatalog.resolve("bert-tiny", Map.of("layers", 1, "hidden", 8, "heads", 2,
            "feed-forward", 16, "max-length", 10, "vocabulary-size", 20));
        ModelInput.TokenInput tokens = new ModelInput.TokenInput(10, 12);
        ComputationGraph net = (ComputationGraph) spec.build(tokens, 2, spec.optimizer(), 3);
        String before = net.getConfiguration().toJson();
        MemoryNeed need = MemoryNeed.estimate(net, tokens, false, 2, 4);
        assertTrue(need.fixedBytes() > 0 && need.perBatchBytes() > 0, need.toString());
        assertEquals(before, net.getConfiguration().toJson());
        // it was the updater that failed: its gradient view sized from a 12-row embedding, the parameters from 20
        assertDoesNotThrow(() -> net.getUpdater());
    }
}
