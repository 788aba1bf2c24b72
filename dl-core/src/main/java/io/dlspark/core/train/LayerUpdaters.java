package io.dlspark.core.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which layers of a network its updaters train at one iteration and epoch, and the learning rate in effect. A layer
 * with parameters is frozen when none of them has an updater that changes it: DL4J's {@code FrozenLayer} and
 * {@code FrozenLayerWithBackprop} (no updater), a {@code NoOp} updater, or a learning rate of zero.
 */
public final class LayerUpdaters {
    private final Set<String> frozen;
    private final Double learningRate;

    private LayerUpdaters(Set<String> frozen, Double learningRate) {
        this.frozen = Set.copyOf(frozen);
        this.learningRate = learningRate;
    }

    /** The updaters of {@code net} at {@code iteration} and {@code epoch} (the counters DL4J's schedules take). */
    public static LayerUpdaters of(NeuralNetwork net, int iteration, int epoch) {
        Set<String> layers = new LinkedHashSet<>();
        Set<String> training = new LinkedHashSet<>();
        List<IUpdater> trainingUpdaters = new ArrayList<>();
        for (String key : ((Model) net).paramTable().keySet()) {
            String layer = GradientSums.layerOf(key);
            layers.add(layer);
            String param = key.length() > layer.length() ? key.substring(layer.length() + 1) : key;
            IUpdater updater = updater(net, layer, param);
            if (trains(updater, iteration, epoch)) {
                training.add(layer);
                trainingUpdaters.add(updater);
            }
        }
        layers.removeAll(training);
        IUpdater last = trainingUpdaters.isEmpty() ? null : trainingUpdaters.get(trainingUpdaters.size() - 1);
        return new LayerUpdaters(layers, last == null || !last.hasLearningRate() ? null : last.getLearningRate(iteration, epoch));
    }

    /** The layers with parameters that no updater changes, by the names {@link GradientSums#layersOf} gives them. */
    public Set<String> frozen() {
        return frozen;
    }

    /** The learning rate of the last trained layer (the head), or null when no trained layer has one. */
    public Double learningRate() {
        return learningRate;
    }

    private static boolean trains(IUpdater updater, int iteration, int epoch) {
        return updater != null && !(updater instanceof NoOp)
            && !(updater.hasLearningRate() && updater.getLearningRate(iteration, epoch) == 0);
    }

    /** The updater of {@code param} of {@code layer}: a layer's, or a SameDiff vertex's (the transformer's attention). */
    private static IUpdater updater(NeuralNetwork net, String layer, String param) {
        if (net instanceof MultiLayerNetwork mln) {
            return mln.getLayerWiseConfigurations().getConf(Integer.parseInt(layer)).getLayer().getUpdaterByParam(param);
        }
        GraphVertex vertex = ((ComputationGraph) net).getConfiguration().getVertices().get(layer);
        if (vertex instanceof SameDiffVertex sameDiff) {
            return sameDiff.getUpdaterByParam(param);
        }
        return ((LayerVertex) vertex).getLayerConf().getLayer().getUpdaterByParam(param);
    }
}
