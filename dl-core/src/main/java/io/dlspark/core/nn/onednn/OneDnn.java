package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Makes DL4J convolution, max/avg/pnorm pooling and batch-normalisation layers run on oneDNN by rewriting a
 * configuration: exact DL4J {@code ConvolutionLayer}, {@code SubsamplingLayer} and {@code BatchNormalization} become
 * their {@code OneDnn*Layer} subclasses, and {@code ActivationLayer} becomes {@link EngagedActivationLayer} (a
 * single-pass ReLU). Without oneDNN in the native library, {@code engage} changes nothing.
 */
public final class OneDnn {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);

    private OneDnn() {
    }

    /** Whether the loaded ND4J native library is the CPU backend built with oneDNN ({@code HAVE_ONEDNN}). */
    public static boolean available() {
        return NativeOneDnn.AVAILABLE;
    }

    /**
     * The DL4J layer type id that an engaged layer's type id stands for (e.g. DL4J's {@code ConvolutionLayer} for
     * {@link OneDnnConvolutionLayer}), or {@code typeId} itself: what an exported configuration names instead.
     */
    public static String plainType(String typeId) {
        return ConfigRewrite.plainType(typeId);
    }

    /** Returns an engaged copy of {@code conf}, or {@code conf} itself when oneDNN is not available. */
    public static MultiLayerConfiguration engage(MultiLayerConfiguration conf) {
        Objects.requireNonNull(conf, "conf");
        if (!checkAvailable()) {
            return conf;
        }
        ConfigRewrite rewrite = ConfigRewrite.of(conf.toJson());
        LOG.info("oneDNN engaged on {}", rewrite);
        return MultiLayerConfiguration.fromJson(rewrite.json());
    }

    /** Returns an engaged copy of {@code conf}, or {@code conf} itself when oneDNN is not available. */
    public static ComputationGraphConfiguration engage(ComputationGraphConfiguration conf) {
        Objects.requireNonNull(conf, "conf");
        if (!checkAvailable()) {
            return conf;
        }
        ConfigRewrite rewrite = ConfigRewrite.of(conf.toJson());
        LOG.info("oneDNN engaged on {}", rewrite);
        return ComputationGraphConfiguration.fromJson(rewrite.json());
    }

    /**
     * Returns a new engaged network with the parameters, updater state and listeners of the initialised
     * {@code net}, or {@code net} itself when oneDNN is not available. {@code net} is not changed.
     */
    public static MultiLayerNetwork engage(MultiLayerNetwork net) {
        requireInitialised(net.params());
        if (!checkAvailable()) {
            return net;
        }
        MultiLayerNetwork engaged = new MultiLayerNetwork(engage(net.getLayerWiseConfigurations()));
        engaged.init(net.params(), true);
        Updater updater = net.getUpdater(false);
        if (updater != null && updater.getStateViewArray() != null) {
            engaged.getUpdater().getStateViewArray().assign(updater.getStateViewArray());
        }
        engaged.setListeners(net.getListeners());
        return engaged;
    }

    /**
     * Returns a new engaged graph with the parameters, updater state and listeners of the initialised
     * {@code graph}, or {@code graph} itself when oneDNN is not available. {@code graph} is not changed.
     */
    public static ComputationGraph engage(ComputationGraph graph) {
        requireInitialised(graph.params());
        if (!checkAvailable()) {
            return graph;
        }
        ComputationGraph engaged = new ComputationGraph(engage(graph.getConfiguration()));
        engaged.init(graph.params(), true);
        ComputationGraphUpdater updater = graph.getUpdater(false);
        if (updater != null && updater.getStateViewArray() != null) {
            engaged.getUpdater().getStateViewArray().assign(updater.getStateViewArray());
        }
        engaged.setListeners(graph.getListeners());
        return engaged;
    }

    private static void requireInitialised(INDArray params) {
        if (params == null) {
            throw new IllegalStateException("call init() on the network before OneDnn.engage, or engage its configuration");
        }
    }

    private static boolean checkAvailable() {
        if (!available()) {
            LOG.info("oneDNN not engaged: {}", NativeOneDnn.DESCRIPTION);
        }
        return available();
    }
}
