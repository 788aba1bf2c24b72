package io.dlspark.core.security;

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
    void javaSerializedExtrasAreRejected() throws IOException {
        Map<String, byte[]> entries = entries(saved);
        entries.put("normalizer.bin", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5});
        DataException e = assertThrows(DataException.class, () -> ModelFileGuard.check(zip(entries), "m.zip"));
        assertTrue(e.getMessage().contains("normalizer.bin"), e.getMessage());
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
