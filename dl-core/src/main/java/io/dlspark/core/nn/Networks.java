package io.dlspark.core.nn;

import io.dlspark.core.DataException;
import io.dlspark.core.security.ModelFileGuard;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The few operations where {@link MultiLayerNetwork} and {@link ComputationGraph} differ, in one place, so that the
 * training master, evaluation and transfer code handle both through {@link NeuralNetwork}.
 */
public final class Networks {
    private Networks() {
    }

    public static NetworkKind kind(NeuralNetwork net) {
        if (net instanceof MultiLayerNetwork) {
            return NetworkKind.MULTI_LAYER;
        }
        if (net instanceof ComputationGraph) {
            return NetworkKind.GRAPH;
        }
        throw new IllegalArgumentException("unsupported network type " + net.getClass().getName());
    }

    /** The configuration as JSON, enough to rebuild the network elsewhere. */
    public static String configJson(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().toJson()
            : ((ComputationGraph) net).getConfiguration().toJson();
    }

    public static int iterationCount(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().getIterationCount()
            : ((ComputationGraph) net).getConfiguration().getIterationCount();
    }

    public static int epochCount(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().getEpochCount()
            : ((ComputationGraph) net).getConfiguration().getEpochCount();
    }

    /** Sets the counters that drive learning-rate schedules and Adam's bias correction. */
    public static void setCounters(NeuralNetwork net, int iteration, int epoch) {
        if (net instanceof MultiLayerNetwork mln) {
            mln.getLayerWiseConfigurations().setIterationCount(iteration);
            mln.getLayerWiseConfigurations().setEpochCount(epoch);
        } else {
            ComputationGraph graph = (ComputationGraph) net;
            graph.getConfiguration().setIterationCount(iteration);
            graph.getConfiguration().setEpochCount(epoch);
        }
    }

    /** The loss of the last fitted minibatch (mean per example, with regularisation). */
    public static double score(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork mln ? mln.score() : ((ComputationGraph) net).score();
    }

    /** The loss of a minibatch without fitting (mean per example, with regularisation). */
    public static double score(NeuralNetwork net, org.nd4j.linalg.dataset.DataSet batch) {
        return net instanceof MultiLayerNetwork mln ? mln.score(batch) : ((ComputationGraph) net).score(batch);
    }

    /** Network output for one input array, for single-input single-output networks. */
    public static INDArray output(NeuralNetwork net, INDArray features) {
        return net instanceof MultiLayerNetwork mln ? mln.output(features, false)
            : ((ComputationGraph) net).outputSingle(false, features);
    }

    /** The network's training listeners (never null). */
    public static java.util.List<org.deeplearning4j.optimize.api.TrainingListener> listeners(NeuralNetwork net) {
        java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners = net instanceof MultiLayerNetwork mln
            ? mln.getListeners() : ((ComputationGraph) net).getListeners();
        return listeners == null ? java.util.List.of() : java.util.List.copyOf(listeners);
    }

    public static long numParams(NeuralNetwork net) {
        return net.params().length();
    }

    /** The updater state view, creating the updater if needed; empty for updaters without state (plain SGD). */
    public static INDArray updaterState(NeuralNetwork net) {
        INDArray state = net instanceof MultiLayerNetwork mln ? mln.getUpdater(true).getStateViewArray()
            : ((ComputationGraph) net).getUpdater(true).getStateViewArray();
        return state;
    }

    /** Saves with DL4J's ModelSerializer, updater state included. */
    public static void save(NeuralNetwork net, OutputStream out) throws IOException {
        ModelSerializer.writeModel((org.deeplearning4j.nn.api.Model) net, out, true);
    }

    /**
     * Loads a model saved by {@link #save}; {@code source} names it in errors. The file is checked by
     * {@link ModelFileGuard} first: it may name only DL4J, ND4J and dlspark classes.
     */
    public static NeuralNetwork load(NetworkKind kind, InputStream in, String source) throws IOException {
        byte[] checked = ModelFileGuard.readChecked(in, source);
        try {
            return kind == NetworkKind.MULTI_LAYER
                ? ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(checked), true)
                : ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(checked), true);
        } catch (RuntimeException | IOException e) {
            throw new DataException(source + ": not a readable DL4J " + kind + " model: " + e.getMessage(), e);
        }
    }
}
