package io.dlspark.core.artifact;

import io.dlspark.core.model.LabelSmoothingLoss;
import io.dlspark.core.model.PlainSchedules;
import io.dlspark.core.nn.onednn.OneDnn;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a DL4J configuration's JSON so that every type id names a DL4J or ND4J class: oneDNN layers become the
 * DL4J layers they extend, label smoothing plain cross-entropy, instance-weighted losses their inner loss, dlspark
 * schedules ND4J ones ({@link PlainSchedules}).
 * Transformer blocks have no DL4J equivalent and stay: their artifacts need dl-core on the class path.
 */
final class PlainConfig {
    static final String TYPE = "@class";
    private static final List<String> PLAIN_PACKAGES = List.of("org.deeplearning4j.", "org.nd4j.");
    /** dlspark's SameDiff transformer blocks, kept as they are (DL4J 1.0.0-M2.1 has no equivalent of them). */
    static final String KEPT_PACKAGE = "io.dlspark.core.model.transformer.";
    private static final String COSINE = io.dlspark.core.model.CosineSchedule.class.getName();
    private static final String WARMUP = io.dlspark.core.model.WarmupSchedule.class.getName();
    private static final String SMOOTHING = LabelSmoothingLoss.class.getName();
    private static final String WEIGHTED = io.dlspark.core.model.InstanceWeightedLoss.class.getName();

    private final ObjectMapper mapper = NeuralNetConfiguration.mapper();
    private final int iteration;
    private final int epoch;

    private PlainConfig(int iteration, int epoch) {
        this.iteration = iteration;
        this.epoch = epoch;
    }

    /**
     * The rewritten JSON of a configuration whose counters stand at {@code iteration} and {@code epoch}; a type id
     * with no plain equivalent is an {@link IllegalArgumentException} naming it and where it is.
     */
    static String rewrite(String json, int iteration, int epoch) {
        PlainConfig rewrite = new PlainConfig(iteration, epoch);
        try {
            return rewrite.mapper.writeValueAsString(rewrite.visit(rewrite.mapper.readTree(json), "$"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot rewrite a DL4J configuration's JSON", e);
        }
    }

    /** Whether {@code typeId} names a DL4J or ND4J class. */
    static boolean plain(String typeId) {
        return PLAIN_PACKAGES.stream().anyMatch(typeId::startsWith);
    }

    private JsonNode visit(JsonNode node, String path) throws JsonProcessingException {
        if (node instanceof ObjectNode object) {
            JsonNode replaced = replace(object, path);
            if (replaced != object) {
                return replaced;
            }
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                object.set(field.getKey(), visit(field.getValue(), path + "." + field.getKey()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, visit(array.get(i), path + "[" + i + "]"));
            }
        }
        return node;
    }

    /** The node that stands for {@code object}: a new one for a schedule, else {@code object} (retyped in place). */
    private JsonNode replace(ObjectNode object, String path) throws JsonProcessingException {
        JsonNode typeNode = object.get(TYPE);
        if (typeNode == null) {
            return object;
        }
        String type = typeNode.asText();
        if (type.equals(COSINE) || type.equals(WARMUP)) {
            ISchedule schedule = PlainSchedules.of(mapper.treeToValue(object, ISchedule.class), iteration, epoch);
            return mapper.readTree(mapper.writerFor(ISchedule.class).writeValueAsString(schedule));
        }
        if (type.equals(WEIGHTED)) {
            return visit(object.get("inner"), path + ".inner");
        }
        if (type.equals(SMOOTHING)) {
            object.put(TYPE, LossMCXENT.class.getName());
            object.remove("smoothing");
            return object;
        }
        if (type.startsWith(KEPT_PACKAGE)) {
            return object;
        }
        String plainType = OneDnn.plainType(type);
        if (!plain(plainType)) {
            throw new IllegalArgumentException("no plain DL4J equivalent for " + type + " at " + path);
        }
        object.put(TYPE, plainType);
        return object;
    }
}
