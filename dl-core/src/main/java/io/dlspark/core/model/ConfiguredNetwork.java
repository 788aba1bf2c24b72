package io.dlspark.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.UsageException;
import io.dlspark.core.nn.ModelMemory;
import io.dlspark.core.nn.NetworkKind;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A network given as a DL4J configuration (its JSON) instead of a catalog spec: its input and output sizes, checked
 * against the data, and the initialised network, built with a seed (and optionally a learning rate) replacing the
 * configuration's own.
 */
public record ConfiguredNetwork(NetworkKind kind, String json) implements Serializable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static ConfiguredNetwork of(MultiLayerConfiguration conf) {
        return new ConfiguredNetwork(NetworkKind.MULTI_LAYER, conf.toJson());
    }

    public static ConfiguredNetwork of(ComputationGraphConfiguration conf) {
        return new ConfiguredNetwork(NetworkKind.GRAPH, conf.toJson());
    }

    /**
     * The configuration of {@code json} (a {@code MultiLayerConfiguration} or {@code ComputationGraphConfiguration}),
     * checked to have one input and one output layer; errors name {@code param}.
     */
    public static ConfiguredNetwork parse(String json, String param) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UsageException(param + ": not JSON: " + firstLine(e.getMessage()), e);
        }
        NetworkKind kind = tree != null && tree.has("vertices") ? NetworkKind.GRAPH
            : tree != null && tree.has("confs") ? NetworkKind.MULTI_LAYER : null;
        if (kind == null) {
            throw new UsageException(param + ": not the JSON of a MultiLayerConfiguration or ComputationGraphConfiguration "
                + "(no 'confs' or 'vertices' key)");
        }
        ConfiguredNetwork network = new ConfiguredNetwork(kind, json);
        try {
            network.sizes(param);
        } catch (UsageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UsageException(param + ": not a valid DL4J " + network.describe() + ": " + firstLine(e.getMessage()), e);
        }
        return network;
    }

    /** {@code MultiLayerConfiguration} or {@code ComputationGraphConfiguration}. */
    public String describe() {
        return kind == NetworkKind.MULTI_LAYER ? "MultiLayerConfiguration" : "ComputationGraphConfiguration";
    }

    /**
     * What the network takes and predicts: {@code width} values per record, or with {@code channels} > 0 images as
     * {@code [batch, channels, height, width]} (width 0: unknown); {@code outputs} is the output layer's nOut.
     */
    public record Sizes(long width, long channels, long outputs) {
        /** Whether image features go in as {@code [batch, channels, height, width]} rather than flattened. */
        public boolean convolutional() {
            return channels > 0;
        }
    }

    /** The input and output sizes; a configuration without one input and one output layer is an error naming {@code param}. */
    public Sizes sizes(String param) {
        if (kind == NetworkKind.MULTI_LAYER) {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
            List<NeuralNetConfiguration> layers = conf.getConfs();
            if (layers.isEmpty()) {
                throw new UsageException(param + ": the MultiLayerConfiguration has no layers");
            }
            return sizes(layers.get(0).getLayer(), conf.getInputPreProcess(0),
                outputs(layers.get(layers.size() - 1).getLayer(), "layer " + (layers.size() - 1), param));
        }
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new UsageException(param + ": the ComputationGraphConfiguration has " + conf.getNetworkInputs().size()
                + " inputs and " + conf.getNetworkOutputs().size() + " outputs; a DataFrame's features and label need 1 and 1");
        }
        String outputName = conf.getNetworkOutputs().get(0);
        GraphVertex output = conf.getVertices().get(outputName);
        long outputs = outputs(output instanceof LayerVertex v ? v.getLayerConf().getLayer() : null,
            "vertex '" + outputName + "'", param);
        String input = conf.getNetworkInputs().get(0);
        for (Map.Entry<String, List<String>> entry : conf.getVertexInputs().entrySet()) {
            if (entry.getValue().contains(input) && conf.getVertices().get(entry.getKey()) instanceof LayerVertex v) {
                Sizes sizes = sizes(v.getLayerConf().getLayer(), v.getPreProcessor(), outputs);
                if (sizes.width() > 0 || sizes.convolutional()) {
                    return sizes;
                }
            }
        }
        return new Sizes(0, 0, outputs);
    }

    private static Sizes sizes(Layer first, InputPreProcessor pre, long outputs) {
        if (pre instanceof FeedForwardToCnnPreProcessor cnn) {
            return new Sizes(cnn.getInputHeight() * cnn.getInputWidth() * cnn.getNumChannels(), 0, outputs);
        }
        if (pre == null && first instanceof ConvolutionLayer conv) {
            return new Sizes(0, conv.getNIn(), outputs);
        }
        return new Sizes(pre == null && first instanceof FeedForwardLayer ff ? ff.getNIn() : 0, 0, outputs);
    }

    private static long outputs(Layer last, String where, String param) {
        if (!(last instanceof BaseOutputLayer output)) {
            throw new UsageException(param + ": the network's last " + where + " is "
                + (last == null ? "not a layer" : last.getClass().getSimpleName()) + ", not an output layer with a loss");
        }
        return output.getNOut();
    }

    /**
     * Checks that the network takes {@code width} feature values (for image features, {@code channels} channels;
     * 0 when not images); the error names {@code param} and {@code features}, the data's side (e.g.
     * {@code featuresCol 'features'}).
     */
    public void checkInput(String param, int width, int channels, String features) {
        Sizes sizes = sizes(param);
        if (sizes.convolutional() && sizes.channels() != channels) {
            throw new UsageException(param + ": the " + describe() + "'s first layer takes images of " + sizes.channels()
                + " channels as [batch, channels, height, width] but " + features + " has "
                + (channels == 0 ? "flat vectors of " + width + " values" : channels + " channels"));
        }
        if (sizes.width() > 0 && sizes.width() != width) {
            throw new UsageException(param + ": the " + describe() + " takes " + sizes.width() + " input values but "
                + features + " has " + width);
        }
    }

    /** Checks that the output layer has {@code outputs} outputs; the error names {@code param} and {@code outputsOf}. */
    public void checkOutputs(String param, int outputs, String outputsOf) {
        long declared = sizes(param).outputs();
        if (declared != outputs) {
            throw new UsageException(param + ": the " + describe() + "'s output layer has " + declared + " outputs but "
                + outputsOf + " " + (outputs == 1 ? "needs" : "has") + " " + outputs);
        }
    }

    /**
     * The initialised network, every layer's seed replaced by {@code seed} and, when {@code learningRate} is not null,
     * every updater's learning rate by it (schedules dropped; updaters without a learning rate, such as NoOp, kept).
     */
    public NeuralNetwork build(long seed, Double learningRate) {
        NeuralNetwork net;
        if (kind == NetworkKind.MULTI_LAYER) {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
            for (NeuralNetConfiguration layer : conf.getConfs()) {
                configure(layer, seed, learningRate);
            }
            ModelMemory.requireFits("the model configuration", conf);
            net = new MultiLayerNetwork(conf);
        } else {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
            configure(conf.getDefaultConfiguration(), seed, learningRate);
            for (GraphVertex vertex : conf.getVertices().values()) {
                if (vertex instanceof LayerVertex layer) {
                    configure(layer.getLayerConf(), seed, learningRate);
                }
            }
            ModelMemory.requireFits("the model configuration", conf);
            net = new ComputationGraph(conf);
        }
        net.init();
        return net;
    }

    private static void configure(NeuralNetConfiguration conf, long seed, Double learningRate) {
        conf.setSeed(seed);
        if (learningRate != null && conf.getLayer() instanceof BaseLayer layer) {
            layer.setIUpdater(withLearningRate(layer.getIUpdater(), learningRate));
            layer.setBiasUpdater(withLearningRate(layer.getBiasUpdater(), learningRate));
        }
    }

    private static IUpdater withLearningRate(IUpdater updater, double learningRate) {
        if (updater == null || !updater.hasLearningRate()) {
            return updater;
        }
        IUpdater changed = updater.clone();
        changed.setLrAndSchedule(learningRate, null);
        return changed;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
