package io.dlspark.core.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.nn.Networks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;

/**
 * The one reader and writer of a model artifact's {@code manifest.json} (reading checks the format version: a newer one
 * is a clear error; version 1, whose {@code training} block was untyped, is read leniently) and writer of its
 * {@code model.zip}, which names only DL4J and ND4J classes ({@link PlainNetworks}).
 */
public final class ArtifactFiles {
    private static final ObjectMapper LENIENT = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ArtifactFiles() {
    }

    /** Whether {@code root} holds a finished artifact (its manifest is written last). */
    public static boolean exists(Path root, Configuration conf) throws IOException {
        return HadoopFiles.exists(new Path(root, ModelArtifactManifest.FILE_NAME), conf);
    }

    /**
     * The manifest of the artifact at {@code root}; errors name {@code option} (e.g. {@code --model}) and the file.
     */
    public static ModelArtifactManifest read(Path root, Configuration conf, String option) throws IOException {
        Path file = new Path(root, ModelArtifactManifest.FILE_NAME);
        if (!HadoopFiles.exists(file, conf)) {
            throw new UsageException(option + " " + root + ": no " + ModelArtifactManifest.FILE_NAME
                + " here (is it the output of a finished dlspark train?)");
        }
        return parse(HadoopFiles.readString(file, conf), file.toString());
    }

    /** Parses a manifest's text; {@code source} names it in errors. */
    public static ModelArtifactManifest parse(String json, String source) {
        JsonNode version;
        try {
            version = LENIENT.readTree(json).get("formatVersion");
        } catch (IOException e) {
            throw new DataException(source + ": not valid JSON: " + e.getMessage());
        }
        if (version == null || !version.canConvertToInt()) {
            throw new DataException(source + ": no formatVersion; not a dlspark model manifest");
        }
        int format = version.asInt();
        if (format > ModelArtifactManifest.FORMAT_VERSION) {
            throw new UsageException(source + ": format version " + format + " was written by a newer dlspark; this one "
                + "reads versions up to " + ModelArtifactManifest.FORMAT_VERSION);
        }
        if (format < 1) {
            throw new DataException(source + ": format version " + format + " is not a dlspark model manifest's");
        }
        if (format == 1) {
            try {
                return LENIENT.readValue(json, ModelArtifactManifest.class);
            } catch (IOException e) {
                throw new DataException(source + ": not a valid ModelArtifactManifest: " + e.getMessage(), e);
            }
        }
        return Json.read(json, ModelArtifactManifest.class, source);
    }

    /**
     * Writes {@code net} as {@code model.zip} into {@code root} atomically, exported first ({@link PlainNetworks}) so
     * that plain DL4J's {@code ModelSerializer} reads it.
     */
    public static void writeModel(Path root, NeuralNetwork net, Configuration conf) throws IOException {
        NeuralNetwork plain = PlainNetworks.of(net);
        AtomicFiles.write(new Path(root, ModelArtifactManifest.MODEL_FILE), conf, out -> Networks.save(plain, out));
    }

    /** Writes {@code manifest} into {@code root} atomically: the last file of an artifact. */
    public static void write(Path root, ModelArtifactManifest manifest, Configuration conf) throws IOException {
        AtomicFiles.writeString(new Path(root, ModelArtifactManifest.FILE_NAME), Json.pretty(manifest), conf);
    }
}
