package io.dlspark.core.train;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerUpdatersTest {
    private static DenseLayer dense(int in, int out) {
        return new DenseLayer.Builder().nIn(in).nOut(out).activation(Activation.RELU).build();
    }

    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer first,
                                         org.deeplearning4j.nn.conf.layers.Layer second) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
            .updater(new Adam(new StepSchedule(ScheduleType.EPOCH, 0.01, 0.5, 1))).list()
            .layer(first).layer(second)
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).activation(Activation.SOFTMAX).build())
            .build());
        net.init();
        return net;
    }

    @Test
    void transferLearningsFrozenLayersAreFrozenAndTheHeadsRateIsInEffect() {
        MultiLayerNetwork base = net(dense(4, 3), dense(3, 3));
        MultiLayerNetwork tuned = new TransferLearning.Builder(base)
            .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Sgd(0.2)).build())
            .setFeatureExtractor(0).build();
        LayerUpdaters updaters = LayerUpdaters.of(tuned, 7, 3);
        assertEquals(Set.of("0"), updaters.frozen());
        assertEquals(0.2, updaters.learningRate(), 1e-12);
        assertEquals(Set.of(), LayerUpdaters.of(base, 7, 0).frozen());
    }

    @Test
    void frozenWithBackpropNoOpAndZeroLearningRateLayersAreFrozen() {
        LayerUpdaters wrapped = LayerUpdaters.of(net(new FrozenLayerWithBackprop(dense(4, 3)), dense(3, 3)), 0, 0);
        assertEquals(Set.of("0"), wrapped.frozen());
        DenseLayer noOp = new DenseLayer.Builder().nIn(4).nOut(3).updater(new NoOp()).build();
        DenseLayer zero = new DenseLayer.Builder().nIn(3).nOut(3).updater(new Sgd(0)).build();
        assertEquals(Set.of("0", "1"), LayerUpdaters.of(net(noOp, zero), 0, 0).frozen());
    }

    @Test
    void theLearningRateFollowsTheScheduleByEpoch() {
        MultiLayerNetwork net = net(dense(4, 3), dense(3, 3));
        assertEquals(0.01, LayerUpdaters.of(net, 5, 0).learningRate(), 1e-12);
        assertEquals(0.0025, LayerUpdaters.of(net, 50, 2).learningRate(), 1e-12);
    }

    @Test
    void graphLayersAreNamedByVertex() {
        ComputationGraph resnet = (ComputationGraph) ModelCatalog.resolve("resnet8").build(
            new ModelInput.ImageInput(new ImageShape(28, 28, 1)), 10, OptimizerConfig.adam(2e-3), 1);
        LayerUpdaters updaters = LayerUpdaters.of(resnet, 0, 0);
        assertEquals(Set.of(), updaters.frozen());
        assertEquals(2e-3, updaters.learningRate(), 1e-12);
        ComputationGraph frozenStem = new TransferLearning.GraphBuilder(resnet)
            .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Sgd(0.1)).build())
            .setFeatureExtractor(resnet.getLayer(0).conf().getLayer().getLayerName()).build();
        assertEquals(Set.of(resnet.getLayer(0).conf().getLayer().getLayerName()), LayerUpdaters.of(frozenStem, 0, 0).frozen());
    }
}
