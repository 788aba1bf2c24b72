package io.dlspark.core.nn;

import io.dlspark.core.UsageException;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts a network's parameters from its configuration and refuses, before DL4J's {@code init()} allocates them,
 * a network whose parameters, gradients and updater state exceed ND4J's native memory limit
 * ({@code org.bytedeco.javacpp.maxbytes}).
 */
public final class ModelMemory {
    /** The JavaCPP system property that limits ND4J's off-heap memory. */
    public static final String LIMIT_PROPERTY = "org.bytedeco.javacpp.maxbytes";

    private ModelMemory() {
    }

    /** Parameters and training bytes of one network configuration. */
    public record Estimate(long params, long bytes) {
        Estimate plus(Estimate other) {
            return new Estimate(Math.addExact(params, other.params), Math.addExact(bytes, other.bytes));
        }
    }

    public static Estimate of(MultiLayerConfiguration conf) {
        Estimate total = new Estimate(0, 0);
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            total = total.plus(layer(layer, conf.getDataType()));
        }
        return total;
    }

    public static Estimate of(ComputationGraphConfiguration conf) {
        Estimate total = new Estimate(0, 0);
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layer) {
                total = total.plus(layer(layer.getLayerConf(), conf.getDataType()));
            } else if (vertex instanceof SameDiffVertex custom) {
                total = total.plus(sameDiffVertex(custom, conf.getDataType()));
            }
        }
        return total;
    }

    /** The limit that {@link #requireFits} applies: JavaCPP's {@code maxbytes}, else the JVM's maximum heap. */
    public static long limitBytes() {
        long max = Pointer.maxBytes();
        return max > 0 ? max : Runtime.getRuntime().maxMemory();
    }

    /** Throws a one-line {@link UsageException} naming {@code what}, the estimate and the limit when the networks do not fit. */
    public static void requireFits(String what, MultiLayerConfiguration... confs) {
        List<Estimate> estimates = new ArrayList<>();
        for (MultiLayerConfiguration conf : confs) {
            estimates.add(of(conf));
        }
        requireFits(what, estimates, limitBytes());
    }

    public static void requireFits(String what, ComputationGraphConfiguration conf) {
        requireFits(what, List.of(of(conf)), limitBytes());
    }

    static void requireFits(String what, List<Estimate> estimates, long limit) {
        Estimate total = new Estimate(0, 0);
        for (Estimate e : estimates) {
            total = total.plus(e);
        }
        if (total.bytes() > limit) {
            throw new UsageException(String.format(Locale.ROOT, "%s has %,d parameters: about %s with gradients and updater "
                + "state, more than the native memory limit %s=%s; use fewer or narrower layers, or raise the limit",
                what, total.params(), bytes(total.bytes()), LIMIT_PROPERTY, bytes(limit)));
        }
    }

    private static Estimate layer(NeuralNetConfiguration conf, DataType dataType) {
        Layer layer = conf.getLayer();
        ParamInitializer initializer = layer.initializer();
        long params = initializer.numParams(conf);
        if (params == 0) {
            return new Estimate(0, 0);
        }
        List<String> keys = initializer.paramKeys(layer);
        IUpdater updater = keys.isEmpty() ? null : layer.getUpdaterByParam(keys.get(0));
        long state = updater == null ? 0 : updater.stateSize(params);
        long values = Math.addExact(Math.multiplyExact(2L, params), state);
        return new Estimate(params, Math.multiplyExact(values, (long) dataType.width()));
    }

    /** A vertex with parameters of its own, such as a transformer's self-attention. */
    private static Estimate sameDiffVertex(SameDiffVertex vertex, DataType dataType) {
        long params = vertex.numParams(true);
        long state = vertex.getUpdater() == null ? 0 : vertex.getUpdater().stateSize(params);
        long values = Math.addExact(Math.multiplyExact(2L, params), state);
        return new Estimate(params, Math.multiplyExact(values, (long) dataType.width()));
    }

    /** A byte count in GiB or MiB, e.g. {@code 1.5 GiB}. */
    public static String bytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
            : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
