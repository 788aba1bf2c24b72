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
import java.util.List;

/**
 * Rewrites the layer type ids in a DL4J configuration's JSON, so that the engaged configuration is built by DL4J's
 * own deserialiser, the same path that {@code ModelSerializer} uses, and keeps every setting of the original. Only
 * exact type ids are rewritten, never subclasses such as deconvolution or 1D layers.
 */
final class ConfigRewrite {
    private static final String TYPE_PROPERTY = "@class";
    /** Each exact DL4J layer type id, the engaged type id it becomes, and the name {@link #toString} counts it by. */
    private static final List<Swap> SWAPS = List.of(
        new Swap(ConvolutionLayer.class, OneDnnConvolutionLayer.class, "convolution"),
        new Swap(SubsamplingLayer.class, OneDnnSubsamplingLayer.class, "subsampling"),
        new Swap(BatchNormalization.class, OneDnnBatchNormalizationLayer.class, "batch-normalisation"),
        new Swap(ActivationLayer.class, EngagedActivationLayer.class, "activation"));

    private final int[] counts = new int[SWAPS.size()];
    private String json;

    /** One layer type that engagement swaps for its engaged subclass. */
    private record Swap(String plain, String engaged, String label) {
        Swap(Class<?> plain, Class<?> engaged, String label) {
            this(plain.getName(), engaged.getName(), label);
        }
    }

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

    /** The DL4J layer type id that an engaged layer type id stands for, or {@code typeId} itself. */
    static String plainType(String typeId) {
        for (Swap swap : SWAPS) {
            if (swap.engaged().equals(typeId)) {
                return swap.plain();
            }
        }
        return typeId;
    }

    /** The rewritten JSON. */
    String json() {
        return json;
    }

    private void visit(JsonNode node) {
        if (node instanceof ObjectNode object && object.has(TYPE_PROPERTY)) {
            String type = object.get(TYPE_PROPERTY).asText();
            for (int i = 0; i < SWAPS.size(); i++) {
                if (SWAPS.get(i).plain().equals(type)) {
                    object.put(TYPE_PROPERTY, SWAPS.get(i).engaged());
                    counts[i]++;
                    break;
                }
            }
        }
        node.forEach(this::visit);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < SWAPS.size(); i++) {
            text.append(i == 0 ? "" : i == SWAPS.size() - 1 ? " and " : ", ").append(counts[i]).append(' ')
                .append(SWAPS.get(i).label());
        }
        return text.append(" layers").toString();
    }
}
