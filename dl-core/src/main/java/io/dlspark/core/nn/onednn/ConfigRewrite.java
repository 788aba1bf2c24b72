package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * Rewrites the layer type ids in a DL4J configuration's JSON, so that the engaged configuration is built by DL4J's
 * own deserialiser, the same path that {@code ModelSerializer} uses, and keeps every setting of the original. Only
 * exact type ids are rewritten, never subclasses such as deconvolution or 1D layers.
 */
final class ConfigRewrite {
    private static final String TYPE_PROPERTY = "@class";
    private static final String CONVOLUTION = ConvolutionLayer.class.getName();
    private static final String SUBSAMPLING = SubsamplingLayer.class.getName();
    private static final String BATCH_NORM = BatchNormalization.class.getName();
    private static final String ACTIVATION = ActivationLayer.class.getName();

    private int convolutions;
    private int subsamplings;
    private int batchNorms;
    private int activations;
    private String json;

    private ConfigRewrite() {
    }

    /** Rewrites a configuration's JSON. */
    static ConfigRewrite of(String configJson) {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        ConfigRewrite rewrite = new ConfigRewrite();
        try {
            JsonNode root = mapper.readTree(configJson);
            rewrite.visit(root);
            rewrite.json = mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot rewrite DL4J configuration JSON for oneDNN", e);
        }
        return rewrite;
    }

    /** The DL4J layer type id that a oneDNN layer type id stands for, or {@code typeId} itself. */
    static String plainType(String typeId) {
        if (typeId.equals(OneDnnConvolutionLayer.class.getName())) {
            return CONVOLUTION;
        }
        if (typeId.equals(OneDnnSubsamplingLayer.class.getName())) {
            return SUBSAMPLING;
        }
        if (typeId.equals(EngagedActivationLayer.class.getName())) {
            return ACTIVATION;
        }
        return typeId.equals(OneDnnBatchNormalizationLayer.class.getName()) ? BATCH_NORM : typeId;
    }

    /** The rewritten JSON. */
    String json() {
        return json;
    }

    private void visit(JsonNode node) {
        if (node instanceof ObjectNode object && object.has(TYPE_PROPERTY)) {
            String type = object.get(TYPE_PROPERTY).asText();
            if (type.equals(CONVOLUTION)) {
                object.put(TYPE_PROPERTY, OneDnnConvolutionLayer.class.getName());
                convolutions++;
            } else if (type.equals(SUBSAMPLING)) {
                object.put(TYPE_PROPERTY, OneDnnSubsamplingLayer.class.getName());
                subsamplings++;
            } else if (type.equals(BATCH_NORM)) {
                object.put(TYPE_PROPERTY, OneDnnBatchNormalizationLayer.class.getName());
                batchNorms++;
            } else if (type.equals(ACTIVATION)) {
                object.put(TYPE_PROPERTY, EngagedActivationLayer.class.getName());
                activations++;
            }
        }
        node.forEach(this::visit);
    }

    @Override
    public String toString() {
        return convolutions + " convolution, " + subsamplings + " subsampling, " + batchNorms
            + " batch-normalisation and " + activations + " activation layers";
    }
}
