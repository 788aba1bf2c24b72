package io.dlspark.core.nn.onednn;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.transfer.Transfer;
import io.dlspark.core.transfer.TransferSettings;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A transferred network built by a worker keeps oneDNN inside its FrozenLayers, and frozen layers stay frozen. */
class FrozenEngagementTest {

    @Test
    void frozenConvolutionIsEngagedAndUsesItsHelper() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        MultiLayerNetwork base = (MultiLayerNetwork) ModelCatalog.resolve("lenet")
            .build(new io.dlspark.core.model.ModelInput.ImageInput(new ImageShape(28, 28, 1)), 10, OptimizerConfig.adam(1e-3), 5);
        MultiLayerNetwork transferred = (MultiLayerNetwork) Transfer.prepare(base, 4,
            new TransferSettings("1", true, OptimizerConfig.adam(1e-3), 0, 1));
        MultiLayerNetwork worker = (MultiLayerNetwork) NetworkBlueprint.of(transferred).build();
        worker.setParams(transferred.params());

        FrozenLayer frozen = assertInstanceOf(FrozenLayer.class, worker.getLayer(0));
        OneDnnConvolution conv = assertInstanceOf(OneDnnConvolution.class, frozen.getInsideLayer());
        assertInstanceOf(OneDnnConvolution.class, worker.getLayer(2), "the trainable convolution is engaged too");
        float[] before = frozen.params().toFloatVector();
        worker.fit(new DataSet(Nd4j.rand(8, 1, 28, 28), Nd4j.eye(4).repeat(0, 2)));
        assertTrue(conv.oneDnnInEffect(), "the frozen layer's forward pass ran on the oneDNN helper");
        assertArrayEquals(before, frozen.params().toFloatVector());
    }
}
