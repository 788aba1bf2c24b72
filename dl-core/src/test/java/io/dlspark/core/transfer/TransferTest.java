package io.dlspark.core.transfer;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferTest {
    private static final ImageShape MNIST = new ImageShape(28, 28, 1);

    static MultiLayerNetwork lenetBase() {
        return (MultiLayerNetwork) ModelCatalog.resolve("lenet").build(new io.dlspark.core.model.ModelInput.ImageInput(MNIST), 10,
            OptimizerConfig.adam(1e-3), 7);
    }

    static DataSet batch(int n, int classes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * 784];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = random.nextFloat();
            }
            y[i * classes + random.nextInt(classes)] = 1;
        }
        return new DataSet(Nd4j.create(x, new long[] {n, 1, 28, 28}, 'c'), Nd4j.create(y, new long[] {n, classes}, 'c'));
    }

    private static TransferSettings settings(String freezeThrough, boolean replaceHead, int unfreezeAfter) {
        return new TransferSettings(freezeThrough, replaceHead, OptimizerConfig.adam(5e-3), unfreezeAfter, 3);
    }

    @Test
    void frozenLayersKeepTheirParametersBitForBitWhileTheRestLearns() {
        MultiLayerNetwork base = lenetBase();
        MultiLayerNetwork net = (MultiLayerNetwork) Transfer.prepare(base, 3, settings("3", true, 0));
        assertEquals(List.of(0, 1, 2, 3), Transfer.frozenLayers(net));
        assertEquals(3, Transfer.classCount(net), "the head has the new class count");
        assertEquals(3, net.output(batch(2, 3, 1).getFeatures()).size(1));
        INDArray dense = net.getLayer(4).params().dup();
        for (int step = 0; step < 5; step++) {
            net.fit(batch(8, 3, step));
        }
        for (int layer : new int[] {0, 2}) {
            assertArrayEquals(base.getLayer(layer).params().toFloatVector(), net.getLayer(layer).params().toFloatVector(),
                "frozen layer " + layer);
        }
        assertFalse(dense.equals(net.getLayer(4).params()), "the trainable dense layer learned");
        assertInstanceOf(Adam.class, net.getLayerWiseConfigurations().getConf(4).getLayer().getUpdaterByParam("W"));
        assertEquals(5e-3, ((Adam) net.getLayerWiseConfigurations().getConf(4).getLayer().getUpdaterByParam("W"))
            .getLearningRate(), 1e-12, "the fine-tuning learning rate");
    }

    @Test
    void theNewHeadFollowsTheSeedAndTheBaseIsUnchanged() {
        MultiLayerNetwork base = lenetBase();
        float[] before = base.params().toFloatVector();
        float[] a = Transfer.prepare(base, 4, settings(null, true, 0)).params().toFloatVector();
        float[] b = Transfer.prepare(base, 4, settings(null, true, 0)).params().toFloatVector();
        assertArrayEquals(a, b);
        assertArrayEquals(before, base.params().toFloatVector());
        assertEquals(List.of(0, 1, 2, 3, 4), Transfer.frozenLayers(Transfer.prepare(base, 4, settings(null, true, 0))),
            "by default every layer below the head is frozen");
    }

    @Test
    void gradualUnfreezingMakesTheDeepestFrozenLayerTrainableAndKeepsParameters() {
        MultiLayerNetwork net = (MultiLayerNetwork) Transfer.prepare(lenetBase(), 3, settings("3", true, 1));
        assertEquals(2, Transfer.frozenWithParameters(net));
        MultiLayerNetwork once = (MultiLayerNetwork) Transfer.unfreezeDeepest(net);
        assertEquals(List.of(0, 1), Transfer.frozenLayers(once), "layer 2 and the pooling layer above it are trainable");
        assertArrayEquals(net.params().toFloatVector(), once.params().toFloatVector());
        float[] conv1 = once.getLayer(0).params().toFloatVector();
        float[] conv2 = once.getLayer(2).params().toFloatVector();
        once.fit(batch(8, 3, 9));
        assertArrayEquals(conv1, once.getLayer(0).params().toFloatVector());
        assertFalse(java.util.Arrays.equals(conv2, once.getLayer(2).params().toFloatVector()), "layer 2 learns now");
        MultiLayerNetwork twice = (MultiLayerNetwork) Transfer.unfreezeDeepest(once);
        assertEquals(List.of(), Transfer.frozenLayers(twice));
        assertEquals(twice, Transfer.unfreezeDeepest(twice), "nothing left to unfreeze");
    }

    @Test
    void transferredModelRoundTripsThroughSaveAndLoad() throws Exception {
        MultiLayerNetwork net = (MultiLayerNetwork) Transfer.prepare(lenetBase(), 3, settings("3", true, 0));
        net.fit(batch(8, 3, 2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Networks.save(net, bytes);
        MultiLayerNetwork loaded = (MultiLayerNetwork) Networks.load(NetworkKind.MULTI_LAYER,
            new ByteArrayInputStream(bytes.toByteArray()), "memory");
        assertArrayEquals(net.params().toFloatVector(), loaded.params().toFloatVector());
        assertArrayEquals(Networks.updaterState(net).toFloatVector(), Networks.updaterState(loaded).toFloatVector());
        assertEquals(Transfer.frozenLayers(net), Transfer.frozenLayers(loaded));
        INDArray x = batch(4, 3, 5).getFeatures();
        assertEquals(net.output(x), loaded.output(x));
    }

    @Test
    void badFreezingAndHeadRequestsAreUsageErrors() {
        MultiLayerNetwork base = lenetBase();
        UsageException unknown = assertThrows(UsageException.class, () -> Transfer.prepare(base, 3, settings("conv9", true, 0)));
        assertTrue(unknown.getMessage().contains("conv9") && unknown.getMessage().contains("0:"), unknown.getMessage());
        UsageException head = assertThrows(UsageException.class, () -> Transfer.prepare(base, 3, settings("5", true, 0)));
        assertTrue(head.getMessage().contains("head"), head.getMessage());
        UsageException classes = assertThrows(UsageException.class, () -> Transfer.prepare(base, 3, settings("3", false, 0)));
        assertTrue(classes.getMessage().contains("10 classes") && classes.getMessage().contains("--replace-head"),
            classes.getMessage());
        assertInstanceOf(FrozenLayer.class, ((MultiLayerNetwork) Transfer.prepare(base, 10, settings("0", false, 0)))
            .getLayerWiseConfigurations().getConf(0).getLayer(), "same class count: the head may stay");
    }
}
