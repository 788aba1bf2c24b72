package io.dlspark.core.transfer;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a trained base network into the network to fine-tune with DL4J's {@link TransferLearning}: layers through
 * {@link TransferSettings#freezeThrough} are frozen, the head gets the new class count and seeded fresh weights, and
 * {@link #unfreezeDeepest} unfreezes gradually.
 */
public final class Transfer {
    private Transfer() {
    }

    /** The network to fine-tune on data with {@code classes} classes; {@code base} is not changed. */
    public static NeuralNetwork prepare(NeuralNetwork base, int classes, TransferSettings settings) {
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
            .updater(settings.optimizer().updater())
            .seed(settings.seed())
            .build();
        if (base instanceof MultiLayerNetwork net) {
            int head = headIndex(net);
            int frozen = settings.freezeThrough() == null ? head - 1 : layerIndex(net, settings.freezeThrough());
            if (frozen >= head) {
                throw new UsageException("--freeze-through " + settings.freezeThrough() + ": layer " + frozen
                    + " is not below the head (layer " + head + ", " + layerName(net, head) + ")");
            }
            TransferLearning.Builder builder = new TransferLearning.Builder(net).fineTuneConfiguration(fineTune);
            if (frozen >= 0) {
                builder.setFeatureExtractor(frozen);
            }
            checkHead(outputs(net, head), classes, settings.replaceHead());
            if (settings.replaceHead()) {
                builder.nOutReplace(head, classes, WeightInit.XAVIER);
            }
            Nd4j.getRandom().setSeed(settings.seed());
            return builder.build();
        }
        ComputationGraph graph = (ComputationGraph) base;
        if (graph.getConfiguration().getNetworkOutputs().size() != 1) {
            throw new UsageException("transfer needs a base network with one output, this one has "
                + graph.getConfiguration().getNetworkOutputs());
        }
        String head = graph.getConfiguration().getNetworkOutputs().get(0);
        if (settings.freezeThrough() == null) {
            throw new UsageException("--freeze-through: name the last layer to freeze of this graph network");
        }
        if (graph.getLayer(settings.freezeThrough()) == null) {
            throw new UsageException("--freeze-through " + settings.freezeThrough() + ": no such layer in the base network");
        }
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(graph).fineTuneConfiguration(fineTune)
            .setFeatureExtractor(settings.freezeThrough());
        Layer headConf = graph.getLayer(head).conf().getLayer();
        checkHead(headConf instanceof FeedForwardLayer ff ? ff.getNOut() : -1, classes, settings.replaceHead());
        if (settings.replaceHead()) {
            builder.nOutReplace(head, classes, WeightInit.XAVIER);
        }
        Nd4j.getRandom().setSeed(settings.seed());
        return builder.build();
    }

    /**
     * The layer whose activations are the base's features ({@code transfer --features-only}): {@code freezeThrough}
     * (name or index) or, when null, the layer feeding the head. Multi-layer networks only.
     */
    public static int featureLayer(NeuralNetwork base, String freezeThrough) {
        if (!(base instanceof MultiLayerNetwork net)) {
            throw new UsageException("--features-only needs a sequential base network, not a graph");
        }
        int head = headIndex(net);
        int layer = freezeThrough == null ? head - 1 : layerIndex(net, freezeThrough);
        if (layer < 0 || layer >= head) {
            throw new UsageException("--features-only: layer " + layer + " is not below the head (layer " + head + ", "
                + layerName(net, head) + ")");
        }
        return layer;
    }

    /** Indices of the frozen layers of a multi-layer network, lowest first. */
    public static List<Integer> frozenLayers(NeuralNetwork net) {
        List<Integer> frozen = new ArrayList<>();
        if (net instanceof MultiLayerNetwork mln) {
            for (int i = 0; i < mln.getnLayers(); i++) {
                if (mln.getLayerWiseConfigurations().getConf(i).getLayer() instanceof FrozenLayer) {
                    frozen.add(i);
                }
            }
        }
        return frozen;
    }

    /** How many frozen layers have parameters (the steps of gradual unfreezing left). */
    public static int frozenWithParameters(NeuralNetwork net) {
        if (!(net instanceof MultiLayerNetwork mln)) {
            return 0;
        }
        return (int) frozenLayers(mln).stream().filter(i -> mln.getLayer(i).numParams() > 0).count();
    }

    /**
     * A copy of {@code net} in which the deepest frozen layer that has parameters, and the frozen layers without
     * parameters above it, are trainable again with the fine-tuning optimizer; or {@code net} itself when no frozen
     * layer has parameters. Parameters are kept; the updater state starts afresh for the whole network.
     */
    public static NeuralNetwork unfreezeDeepest(NeuralNetwork net) {
        if (!(net instanceof MultiLayerNetwork mln)) {
            throw new UsageException("--unfreeze-after-epochs: gradual unfreezing supports multi-layer networks only, "
                + "not " + Networks.kind(net));
        }
        List<Integer> frozen = frozenLayers(mln);
        int deepest = -1;
        for (int i : frozen) {
            if (mln.getLayer(i).numParams() > 0) {
                deepest = i;
            }
        }
        if (deepest < 0) {
            return net;
        }
        MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
        for (int i : frozen) {
            if (i >= deepest) {
                conf.getConf(i).setLayer(((FrozenLayer) conf.getConf(i).getLayer()).getLayer());
            }
        }
        MultiLayerNetwork unfrozen = new MultiLayerNetwork(conf);
        unfrozen.init(mln.params().dup(), false);
        Networks.setCounters(unfrozen, Networks.iterationCount(mln), Networks.epochCount(mln));
        return unfrozen;
    }

    /** The class count the head predicts: the output size of the last layer with parameters. */
    public static long classCount(NeuralNetwork net) {
        if (net instanceof MultiLayerNetwork mln) {
            return outputs(mln, headIndex(mln));
        }
        ComputationGraph graph = (ComputationGraph) net;
        Layer head = graph.getLayer(graph.getConfiguration().getNetworkOutputs().get(0)).conf().getLayer();
        return head instanceof FeedForwardLayer ff ? ff.getNOut() : -1;
    }

    private static void checkHead(long outputs, int classes, boolean replaceHead) {
        if (!replaceHead && outputs != classes) {
            throw new UsageException("the base model's head predicts " + outputs + " classes but the data has "
                + classes + "; pass --replace-head for a new head");
        }
    }

    /** The last layer with parameters: the head that predicts the classes. */
    static int headIndex(MultiLayerNetwork net) {
        for (int i = net.getnLayers() - 1; i >= 0; i--) {
            if (net.getLayer(i).numParams() > 0) {
                return i;
            }
        }
        throw new UsageException("the base network has no layer with parameters");
    }

    private static long outputs(MultiLayerNetwork net, int layer) {
        Layer conf = unwrap(net.getLayerWiseConfigurations().getConf(layer).getLayer());
        return conf instanceof FeedForwardLayer ff ? ff.getNOut() : -1;
    }

    private static Layer unwrap(Layer layer) {
        return layer instanceof FrozenLayer frozen ? frozen.getLayer() : layer;
    }

    private static String layerName(MultiLayerNetwork net, int index) {
        return unwrap(net.getLayerWiseConfigurations().getConf(index).getLayer()).getLayerName();
    }

    /** A layer given by name or index. */
    private static int layerIndex(MultiLayerNetwork net, String nameOrIndex) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            String name = layerName(net, i);
            names.add(i + ":" + name);
            if (nameOrIndex.equals(name)) {
                return i;
            }
        }
        try {
            int index = Integer.parseInt(nameOrIndex.trim());
            if (index >= 0 && index < net.getnLayers()) {
                return index;
            }
        } catch (NumberFormatException e) {
            // not an index either: reported below
        }
        throw new UsageException("--freeze-through " + nameOrIndex + ": no such layer; the base network's layers are "
            + String.join(", ", names));
    }
}
