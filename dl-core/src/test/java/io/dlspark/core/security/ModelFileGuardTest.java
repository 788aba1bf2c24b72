package io.dlspark.core.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dlspark.core.DataException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileGuardTest {
    private static NeuralNetwork net;
    private static byte[] saved;

    @BeforeAll
    static void saveSmallNetwork() throws IOException {
        net = ModelCatalog.resolve("mlp", java.util.Map.of("hidden-layers", List.of(8))).build(new ModelInput.ImageInput(new ImageShape(4, 4, 1)), 3, OptimizerConfig.adam(1e-3), 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Networks.save(net, out);
        saved = out.toByteArray();
    }

    @Test
    void aSavedNetworkPassesAndLoads() throws IOException {
        ModelFileGuard.check(saved, "model.zip");
        NeuralNetwork loaded = Networks.load(NetworkKind.MULTI_LAYER, new ByteArrayInputStream(saved), "model.zip");
        assertArrayEquals(net.params().toFloatVector(), loaded.params().toFloatVector());
    }

    @Test
    void aClassOutsideDl4jIsRejectedBeforeDl4jReadsTheFile() throws IOException {
        Map<String, byte[]> entries = entries(saved);
        String config = new String(entries.get("configuration.json"), StandardCharsets.UTF_8);
        String hostile = config.replaceFirst("\"@class\"\\s*:\\s*\"[^\"]+\"", "\"@class\" : \"java.net.URL\"");
        assertTrue(!hostile.equals(config), "the configuration has an @class field to replace");
        entries.put("configuration.json", hostile.getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class,
            () -> Networks.load(NetworkKind.MULTI_LAYER, new ByteArrayInputStream(zip(entries)), "ckpt/model.zip"));
        assertTrue(e.getMessage().contains("ckpt/model.zip") && e.getMessage().contains("java.net.URL"), e.getMessage());
    }

    @Test
    void aDuplicateClassKeyIsRejectedWhateverItsOrder() throws IOException {
        Map<String, byte[]> entries = entries(saved);
        String config = new String(entries.get("configuration.json"), StandardCharsets.UTF_8);
        String hostile = config.replaceFirst("\"@class\"", "\"@class\" : \"java.lang.ProcessBuilder\", \"@class\"");
        assertTrue(!hostile.equals(config), "the configuration has an @class field to duplicate");
        entries.put("configuration.json", hostile.getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class, () -> ModelFileGuard.check(zip(entries), "dup/model.zip"));
        assertTrue(e.getMessage().contains("dup/model.zip") && e.getMessage().contains("@class"), e.getMessage());
    }

    @Test
    void anArrayFormTypeIdIsRejected() throws IOException {
        Map<String, byte[]> entries = entries(saved);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode tree = mapper.readTree(entries.get("configuration.json"));
        assertTrue(replaceFirstTypedObject(tree, mapper), "the configuration has a typed object to replace");
        entries.put("configuration.json", mapper.writeValueAsBytes(tree));
        DataException e = assertThrows(DataException.class, () -> ModelFileGuard.check(zip(entries), "arr/model.zip"));
        assertTrue(e.getMessage().contains("arr/model.zip") && e.getMessage().contains("java.lang.ProcessBuilder"), e.getMessage());
    }

    @Test
    void aDuplicateZipEntryIsRejected() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("configuration.jsoX", "{\"@class\" : \"java.lang.ProcessBuilder\"}".getBytes(StandardCharsets.UTF_8));
        entries.putAll(entries(saved));
        byte[] twice = renameAll(zip(entries), "configuration.jsoX", "configuration.json");
        DataException e = assertThrows(DataException.class, () -> ModelFileGuard.check(twice, "twice.zip"));
        assertTrue(e.getMessage().contains("twice.zip") && e.getMessage().contains("duplicate"), e.getMessage());
    }

    /** Replaces, in its parent, the first object holding an {@code @class} key by {@code ["java.lang.ProcessBuilder", {}]}. */
    private static boolean replaceFirstTypedObject(JsonNode node, ObjectMapper mapper) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isObject() && field.getValue().has("@class")) {
                    ArrayNode attack = mapper.createArrayNode().add("java.lang.ProcessBuilder").add(mapper.createObjectNode());
                    object.set(field.getKey(), attack);
                    return true;
                }
                if (replaceFirstTypedObject(field.getValue(), mapper)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (replaceFirstTypedObject(child, mapper)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces every occurrence of one entry name by another of the same length (local headers and directory). */
    private static byte[] renameAll(byte[] zip, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = zip.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
            }
        }
        return out;
    }

    @Test
    void javaSerializedExtrasAreRejected() throws IOException {
        Map<String, byte[]> entries = entries(saved);
        entries.put("normalizer.bin", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5});
        DataException e = assertThrows(DataException.class, () -> ModelFileGuard.check(zip(entries), "m.zip"));
        assertTrue(e.getMessage().contains("normalizer.bin"), e.getMessage());
    }

    @Test
    void aTruncatedModelFileIsAnErrorNamingItsPath() {
        for (int length : new int[] {saved.length / 2, saved.length - 30, 40}) {
            byte[] cut = java.util.Arrays.copyOf(saved, length);
            DataException e = assertThrows(DataException.class,
                () -> Networks.load(NetworkKind.MULTI_LAYER, new ByteArrayInputStream(cut), "runs/x/model.zip"), "length " + length);
            assertTrue(e.getMessage().startsWith("runs/x/model.zip: "), e.getMessage());
        }
    }

    @Test
    void notAZipIsAClearError() {
        DataException e = assertThrows(DataException.class, () -> ModelFileGuard.check(new byte[] {1, 2, 3}, "broken.zip"));
        assertTrue(e.getMessage().contains("broken.zip"), e.getMessage());
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
