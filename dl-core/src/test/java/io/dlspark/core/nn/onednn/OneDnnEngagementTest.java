package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Engagement takes effect, survives model.zip, keeps training state, and is a no-op without oneDNN. */
class OneDnnEngagementTest {
    private static final String NO_ONEDNN = "the loaded ND4J native library has no oneDNN: build with an -onednn classifier";

    @Test
    void oneDnnClassifierOnTheClasspathIsTheLibraryLoaded() {
        ClassLoader loader = getClass().getClassLoader();
        String bindings = "org/nd4j/linalg/cpu/nativecpu/bindings/";
        boolean oneDnnJar = loader.getResource(bindings + "linux-x86_64-onednn/") != null
            || loader.getResource(bindings + "linux-x86_64-onednn-avx2/") != null
            || loader.getResource(bindings + "linux-x86_64-onednn-avx512/") != null;
        assumeTrue(oneDnnJar, "no nd4j-native -onednn classifier on the classpath");
        assertTrue(OneDnn.available(), "an -onednn classifier is on the classpath but the loaded library lacks "
            + "oneDNN: is -Dorg.bytedeco.javacpp.platform.extension="
            + System.getProperty("org.bytedeco.javacpp.platform.extension") + " the classifier's suffix?");
    }

    @Test
    void rewriteEngagesExactTypesOnlyAndKeepsEverySetting() {
        MultiLayerConfiguration original = new NeuralNetConfiguration.Builder().seed(1).list()
            .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 1).padding(1, 0).nOut(4).hasBias(false)
                .activation(Activation.ELU).l2(1e-3).build())
            .layer(new Deconvolution2D.Builder(2, 2).nOut(3).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.PNORM).pnorm(3).kernelSize(2, 2).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
            .setInputType(InputType.convolutional(12, 12, 2))
            .build();

        MultiLayerConfiguration engaged = MultiLayerConfiguration.fromJson(ConfigRewrite.of(original.toJson()).json());

        assertEquals(OneDnnConvolutionLayer.class, engaged.getConf(0).getLayer().getClass());
        assertEquals(Deconvolution2D.class, engaged.getConf(1).getLayer().getClass());
        assertEquals(OneDnnSubsamplingLayer.class, engaged.getConf(2).getLayer().getClass());
        String engagedJson = engaged.toJson()
            .replace(OneDnnConvolutionLayer.class.getName(), ConvolutionLayer.class.getName())
            .replace(OneDnnSubsamplingLayer.class.getName(), SubsamplingLayer.class.getName());
        assertEquals(original.toJson(), engagedJson);
    }

    @Test
    void modelZipRoundTripStaysEngaged(@TempDir Path dir) throws IOException {
        assumeTrue(OneDnn.available(), NO_ONEDNN);
        MultiLayerNetwork net = new MultiLayerNetwork(OneDnn.engage(CnnFixtures.lenet(WorkspaceMode.ENABLED, new Adam(1e-3))));
        net.init();
        DataSet batch = CnnFixtures.batch(new long[] {8, 784}, 10, 3);
        net.fit(batch);
        File zip = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, zip, true);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(zip, true);

        assertEquals(OneDnnConvolutionLayer.class, restored.getLayerWiseConfigurations().getConf(0).getLayer().getClass());
        assertEquals(net.output(batch.getFeatures()), restored.output(batch.getFeatures()));
        net.fit(batch);
        restored.fit(batch);
        assertEquals(net.params(), restored.params());
        Im2colEquivalenceTest.assertOneDnnInEffect(restored);
    }

    @Test
    void engagingANetworkKeepsParametersAndUpdaterState() {
        assumeTrue(OneDnn.available(), NO_ONEDNN);
        MultiLayerNetwork net = new MultiLayerNetwork(CnnFixtures.lenet(WorkspaceMode.ENABLED, new Adam(1e-3)));
        net.init();
        net.fit(CnnFixtures.batch(new long[] {8, 784}, 10, 5));

        MultiLayerNetwork engaged = OneDnn.engage(net);

        assertEquals(net.params(), engaged.params());
        assertEquals(net.getUpdater().getStateViewArray(), engaged.getUpdater().getStateViewArray());
        assertEquals(ConvolutionLayer.class, net.getLayerWiseConfigurations().getConf(0).getLayer().getClass());
    }

    @Test
    void computationGraphEngages() {
        assumeTrue(OneDnn.available(), NO_ONEDNN);
        ComputationGraph graph = new ComputationGraph(graphConf());
        graph.init();
        DataSet batch = CnnFixtures.batch(new long[] {4, 2, 10, 10}, 3, 9);

        ComputationGraph engaged = OneDnn.engage(graph);
        engaged.fit(batch);

        int oneDnnLayers = 0;
        for (Layer layer : engaged.getLayers()) {
            if (layer instanceof OneDnnConvolution convolution) {
                assertTrue(convolution.oneDnnInEffect());
                oneDnnLayers++;
            } else if (layer instanceof OneDnnSubsampling subsampling) {
                assertTrue(subsampling.oneDnnInEffect());
                oneDnnLayers++;
            }
        }
        assertEquals(2, oneDnnLayers);
    }

    @Test
    void engageIsANoOpWithoutOneDnn() {
        assumeFalse(OneDnn.available(), "the loaded ND4J native library has oneDNN");
        MultiLayerConfiguration conf = CnnFixtures.lenet(WorkspaceMode.ENABLED, new Adam(1e-3));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ComputationGraph graph = new ComputationGraph(graphConf());
        graph.init();

        assertSame(conf, OneDnn.engage(conf));
        assertSame(net, OneDnn.engage(net));
        assertSame(graph, OneDnn.engage(graph));
    }

    private static ComputationGraphConfiguration graphConf() {
        return new NeuralNetConfiguration.Builder().seed(CnnFixtures.SEED).dataType(DataType.FLOAT)
            .updater(new Adam(1e-3)).graphBuilder()
            .addInputs("in")
            .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
            .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                .stride(2, 2).build(), "conv")
            .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX).build(), "pool")
            .setOutputs("out")
            .setInputTypes(InputType.convolutional(10, 10, 2))
            .build();
    }
}
