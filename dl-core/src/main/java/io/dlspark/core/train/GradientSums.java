package io.dlspark.core.train;

import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Per-layer sums of gradient L2 norms and update/parameter ratios over minibatches, mergeable across workers and
 * rounds; {@link #means} turns them into per-minibatch averages.
 */
public final class GradientSums implements Serializable {
    private final List<String> layers;
    private final double[] gradientNorms;
    private final double[] updateRatios;
    private long steps;

    private GradientSums(List<String> layers) {
        this.layers = List.copyOf(layers);
        this.gradientNorms = new double[layers.size()];
        this.updateRatios = new double[layers.size()];
    }

    /** Writes the layer names, sums and step count in {@link StateCodec}'s layout. */
    void encode(DataOutput out) throws IOException {
        out.writeInt(layers.size());
        for (String layer : layers) {
            out.writeUTF(layer);
        }
        StateCodec.writeRawDoubles(out, gradientNorms);
        StateCodec.writeRawDoubles(out, updateRatios);
        out.writeLong(steps);
    }

    /** Reads sums written by {@link #encode}, of at most {@code maxLayers} layers with names of bounded length. */
    static GradientSums decode(DataInput in, int maxLayers) throws IOException {
        int count = in.readInt();
        int bound = Math.min(maxLayers, StateCodec.MAX_LAYERS);
        if (count < 0 || count > bound) {
            throw new IOException("gradient sums: expected 0 to " + bound + " layers, the input claims " + count);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            if (name.length() > StateCodec.MAX_LAYER_NAME_CHARS) {
                throw new IOException("gradient sums: a layer name longer than " + StateCodec.MAX_LAYER_NAME_CHARS);
            }
            names.add(name);
        }
        GradientSums sums = new GradientSums(names);
        System.arraycopy(StateCodec.readRawDoubles(in, count, count, "gradient norms"), 0, sums.gradientNorms, 0, count);
        System.arraycopy(StateCodec.readRawDoubles(in, count, count, "update ratios"), 0, sums.updateRatios, 0, count);
        sums.steps = in.readLong();
        if (sums.steps < 0) {
            throw new IOException("gradient sums: negative step count " + sums.steps);
        }
        return sums;
    }

    public static GradientSums empty(List<String> layers) {
        return new GradientSums(layers);
    }

    /** The layers of a network that have parameters, in parameter order. */
    public static List<String> layersOf(NeuralNetwork net) {
        List<String> layers = new ArrayList<>();
        for (String key : ((org.deeplearning4j.nn.api.Model) net).paramTable().keySet()) {
            String layer = layerOf(key);
            if (!layers.contains(layer)) {
                layers.add(layer);
            }
        }
        return layers;
    }

    static String layerOf(String paramKey) {
        int cut = paramKey.lastIndexOf('_');
        return cut < 0 ? paramKey : paramKey.substring(0, cut);
    }

    int indexOf(String layer) {
        return layers.indexOf(layer);
    }

    void addGradientNorm(int layer, double norm) {
        gradientNorms[layer] += norm;
    }

    void addUpdateRatio(int layer, double ratio) {
        updateRatios[layer] += ratio;
    }

    void stepDone() {
        steps++;
    }

    public List<String> layers() {
        return layers;
    }

    public long steps() {
        return steps;
    }

    /** Adds {@code other} (the same network's layers) into this and returns this. */
    public GradientSums merge(GradientSums other) {
        if (!other.layers.equals(layers)) {
            throw new IllegalArgumentException("gradient sums of different layers: " + layers + " vs " + other.layers);
        }
        for (int i = 0; i < layers.size(); i++) {
            gradientNorms[i] += other.gradientNorms[i];
            updateRatios[i] += other.updateRatios[i];
        }
        steps += other.steps;
        return this;
    }

    /** Mean gradient norm and update ratio per layer over the minibatches summed; empty when there were none. */
    public List<LayerGradients> means() {
        return means(Set.of());
    }

    /** As {@link #means()}, marking the layers in {@code frozen} (see {@link LayerUpdaters#frozen()}). */
    public List<LayerGradients> means(Set<String> frozen) {
        List<LayerGradients> means = new ArrayList<>();
        if (steps == 0) {
            return means;
        }
        for (int i = 0; i < layers.size(); i++) {
            means.add(new LayerGradients(layers.get(i), gradientNorms[i] / steps, updateRatios[i] / steps,
                frozen.contains(layers.get(i))));
        }
        return means;
    }

    /** One layer's averages; a frozen layer's parameters do not train, so its small gradient is no symptom. */
    public record LayerGradients(String layer, double gradientNorm, double updateRatio, boolean frozen)
        implements Serializable {
        public LayerGradients(String layer, double gradientNorm, double updateRatio) {
            this(layer, gradientNorm, updateRatio, false);
        }
    }
}
