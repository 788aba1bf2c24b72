package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.eval.RegressionSums;
import io.dlspark.core.train.Float32Rows;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regression head: the network it builds, the minibatches that feed it, and the metrics of its predictions. */
class RegressionHeadTest {
    @Test
    void anMlpWithARegressionHeadEndsInOneIdentityOutputWithMseLoss() {
        ModelSpec spec = ModelCatalog.resolve("mlp", Map.of("hidden-layers", List.of(8)));
        MultiLayerNetwork net = (MultiLayerNetwork) spec.build(new ModelInput.VectorInput(3), OutputHead.regression(1),
            spec.optimizer(), 1);
        OutputLayer out = (OutputLayer) net.getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(1, out.getNOut());
        assertInstanceOf(ActivationIdentity.class, out.getActivationFn());
        assertInstanceOf(LossMSE.class, out.getLossFn());
        // the softmax path is unchanged and still needs 2 classes
        assertThrows(UsageException.class, () -> spec.build(new ModelInput.VectorInput(3), 1, spec.optimizer(), 1));
        ModelSpec resnet = ModelCatalog.resolve("resnet8");
        UsageException e = assertThrows(UsageException.class, () -> resnet.build(
            new ModelInput.ImageInput(new ImageShape(28, 28, 1)), OutputHead.regression(1), resnet.optimizer(), 1));
        assertTrue(e.getMessage().contains("has no regression head"), e.getMessage());
    }

    @Test
    void aRegressionMinibatchCarriesTheRecordsTargetsInMinibatchOrder() {
        ByteBuffer bytes = ByteBuffer.allocate(3 * 2 * Float.BYTES);
        for (float v : new float[] {1, 2, 3, 4, 5, 6}) {
            bytes.putFloat(v);
        }
        PartitionData data = new PartitionData(0, new Float32Rows(bytes.array(), 2 * Float.BYTES), new int[] {-1, -1, -1},
            new long[3], null, new float[] {0.5f, -1.5f, 2.5f});
        MinibatchAssembler assembler = new MinibatchAssembler(new ImageShape(1, 2, 1), 1, false).forRegression();
        DataSet batch = assembler.assemble(data, new int[] {2, 0, 1}, 0, 2);
        assertArrayEquals(new long[] {2, 1}, batch.getLabels().shape());
        assertArrayEquals(new float[] {2.5f, 0.5f}, batch.getLabels().data().asFloat());
        assertArrayEquals(new float[] {5, 6, 1, 2}, batch.getFeatures().data().asFloat());
        PartitionData labelsOnly = new PartitionData(0, data.features(), new int[] {0, 1, 0}, new long[3], null);
        assertThrows(IllegalStateException.class, () -> assembler.assemble(labelsOnly, new int[] {0, 1, 2}, 0, 3));
    }

    @Test
    void rmseMaeAndR2MatchTheirDefinitionsAndMergeInAnyOrder() {
        double[] predictions = {2.5, 0.0, 2.1, 7.8, -1.0};
        double[] targets = {3.0, -0.5, 2.0, 7.0, -2.0};
        RegressionSums first = new RegressionSums();
        RegressionSums second = new RegressionSums();
        double sse = 0;
        double sae = 0;
        double mean = 0;
        for (int i = 0; i < targets.length; i++) {
            (i < 2 ? first : second).add(predictions[i], targets[i]);
            sse += Math.pow(predictions[i] - targets[i], 2);
            sae += Math.abs(predictions[i] - targets[i]);
            mean += targets[i] / targets.length;
        }
        double sst = 0;
        for (double t : targets) {
            sst += Math.pow(t - mean, 2);
        }
        RegressionSums all = first.merge(second);
        assertEquals(5, all.count());
        assertEquals(Math.sqrt(sse / 5), all.rmse(), 1e-12);
        assertEquals(sae / 5, all.mae(), 1e-12);
        assertEquals(1 - sse / sst, all.r2(), 1e-12);
        RegressionSums constant = new RegressionSums();
        constant.add(1, 2);
        constant.add(3, 2);
        assertTrue(Double.isNaN(constant.r2()));
    }
}
