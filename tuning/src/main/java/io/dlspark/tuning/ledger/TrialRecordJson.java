package io.dlspark.tuning.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@link TrialRecord} as a single JSON line: {@code {"trial":3,"status":"ok","objective":0.87,
 * "params":{...},"epochs":[{"epoch":1,"metrics":{...}}],"durationMillis":1200,"executor":"1@host"}}.
 * Non-finite metric values are written as the strings "NaN", "Infinity" and "-Infinity".
 */
final class TrialRecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TrialRecordJson() {
    }

    static String write(TrialRecord r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("trial", r.trialId());
        node.put("status", r.status().name().toLowerCase(Locale.ROOT));
        r.objective().ifPresent(v -> node.put("objective", v));
        r.error().ifPresent(e -> node.put("error", e));
        node.set("params", MAPPER.valueToTree(r.params()));
        ArrayNode epochs = node.putArray("epochs");
        for (EpochMetrics e : r.epochs()) {
            ObjectNode en = epochs.addObject();
            en.put("epoch", e.epoch());
            ObjectNode metrics = en.putObject("metrics");
            e.metrics().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    metrics.put(k, v);
                } else {
                    metrics.put(k, v.toString());
                }
            });
        }
        node.put("durationMillis", r.durationMillis());
        node.put("executor", r.executor());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write trial " + r.trialId() + " as JSON", e);
        }
    }

    static TrialRecord read(String line) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = required(node, "params").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            params.put(f.getKey(), MAPPER.treeToValue(f.getValue(), Object.class));
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        for (JsonNode en : required(node, "epochs")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> m = required(en, "metrics").fields();
            while (m.hasNext()) {
                Map.Entry<String, JsonNode> f = m.next();
                metrics.put(f.getKey(), f.getValue().isNumber() ? f.getValue().asDouble() : Double.valueOf(f.getValue().asText()));
            }
            epochs.add(new EpochMetrics(required(en, "epoch").asInt(), metrics));
        }
        return new TrialRecord(
                required(node, "trial").asInt(),
                params,
                TrialStatus.valueOf(required(node, "status").asText().toUpperCase(Locale.ROOT)),
                node.has("objective") ? OptionalDouble.of(node.get("objective").asDouble()) : OptionalDouble.empty(),
                node.has("error") ? Optional.of(node.get("error").asText()) : Optional.empty(),
                epochs,
                required(node, "durationMillis").asLong(),
                required(node, "executor").asText());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }
}
