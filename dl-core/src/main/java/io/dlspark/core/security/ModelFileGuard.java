package io.dlspark.core.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.DataException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks a DL4J model zip before DL4J reads it: only DL4J, ND4J and dlspark classes may be named by type ids
 * ({@code "@class"} or the array form), duplicate keys and entries are refused, and only network entries allowed.
 */
public final class ModelFileGuard {
    /** Entries of a network saved with its updater state. */
    static final Set<String> ALLOWED_ENTRIES = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
        "noParams.marker");
    /** Packages whose classes a configuration may name. */
    static final Set<String> ALLOWED_PACKAGES = Set.of("org.deeplearning4j.", "org.nd4j.", "io.dlspark.");
    private static final String CONFIGURATION = "configuration.json";
    /** Rejects duplicate keys: Jackson's streaming type resolution would use the first, the tree the last. */
    private static final ObjectMapper PLAIN = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** A fully qualified Java class name, as Jackson's class-name type ids are written. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\s*[\\p{L}_$][\\p{L}\\p{N}_$]*(\\s*\\.\\s*[\\p{L}_$][\\p{L}\\p{N}_$]*)+\\s*");

    private ModelFileGuard() {
    }

    /** Reads the whole model file, checks it, and returns its bytes for DL4J; {@code source} names it in errors. */
    public static byte[] readChecked(InputStream in, String source) throws IOException {
        byte[] bytes = in.readAllBytes();
        check(bytes, source);
        return bytes;
    }

    /** Throws a {@link DataException} naming the file and the offending entry or class when the zip is not a plain network. */
    public static void check(byte[] zip, String source) throws IOException {
        byte[] configuration = null;
        int entries = 0;
        Set<String> seen = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries++;
                if (!seen.add(entry.getName())) {
                    throw new DataException(source + ": duplicate entry '" + entry.getName() + "' in a model file");
                }
                if (!ALLOWED_ENTRIES.contains(entry.getName())) {
                    throw new DataException(source + ": unexpected entry '" + entry.getName() + "' in a model file "
                        + "(dlspark reads only " + String.join(", ", ALLOWED_ENTRIES.stream().sorted().toList()) + ")");
                }
                if (entry.getName().equals(CONFIGURATION)) {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    in.transferTo(buffer);
                    configuration = buffer.toByteArray();
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataException(source + ": not a readable model file (a damaged or truncated zip: " + e.getMessage() + ")", e);
        }
        if (entries == 0) {
            throw new DataException(source + ": not a model file (not a zip, or an empty one)");
        }
        if (!hasEndOfCentralDirectory(zip)) {
            throw new DataException(source + ": not a readable model file (a truncated zip: no end-of-central-directory record)");
        }
        if (configuration == null) {
            throw new DataException(source + ": model file without " + CONFIGURATION);
        }
        JsonNode tree;
        try {
            tree = PLAIN.readTree(configuration);
        } catch (IOException e) {
            throw new DataException(source + ": " + CONFIGURATION + " is not valid JSON: " + e.getMessage(), e);
        }
        checkClassNames(tree, source, "$");
    }

    private static void checkClassNames(JsonNode node, String source, String where) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = where + "." + field.getKey();
                if (field.getKey().startsWith("@")) {
                    if (!field.getValue().isTextual()) {
                        throw new DataException(source + ": " + CONFIGURATION + " has a non-text type id at " + path);
                    }
                    requireAllowed(field.getValue().asText(), source, path);
                }
                checkClassNames(field.getValue(), source, path);
            }
        } else if (node.isArray()) {
            if (node.size() > 0 && node.get(0).isTextual() && CLASS_NAME.matcher(node.get(0).asText()).matches()) {
                requireAllowed(node.get(0).asText(), source, where + "[0]");
            }
            for (int i = 0; i < node.size(); i++) {
                checkClassNames(node.get(i), source, where + "[" + i + "]");
            }
        }
    }

    /** Whether the zip ends with its end-of-central-directory record (signature PK\5\6, at most 64 KiB of comment after it). */
    private static boolean hasEndOfCentralDirectory(byte[] zip) {
        int lowest = Math.max(0, zip.length - 22 - 0xFFFF);
        for (int i = zip.length - 22; i >= lowest; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 5 && zip[i + 3] == 6) {
                return true;
            }
        }
        return false;
    }

    /** Jackson's array form {@code [typeId, value]} names a class as the first element, so such names are checked too. */
    private static void requireAllowed(String className, String source, String path) {
        if (ALLOWED_PACKAGES.stream().noneMatch(className::startsWith)) {
            throw new DataException(source + ": " + CONFIGURATION + " names class '" + className
                + "' at " + path + "; only classes of " + String.join(", ", ALLOWED_PACKAGES.stream().sorted().toList())
                + " are loaded from model files");
        }
    }
}
