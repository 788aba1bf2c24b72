package io.dlspark.core.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.shard.TextFeatures;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a model artifact, beside {@code model.zip}: what the model is, what it was trained on and
 * how, its final metrics and the versions that made it. Written last, so an artifact with a manifest is complete.
 * A model trained on text carries its vectoriser ({@code textFeatures}, a copy of the fitted Spark ML pipeline under
 * {@link #VECTORIZER_DIR}), so that evaluation and prediction take raw text; its {@code inputShape} is then null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelArtifactManifest(
    int formatVersion,
    String model,
    NetworkKind networkKind,
    ImageShape inputShape,
    boolean convolutional,
    List<String> labelNames,
    long parameters,
    Map<String, Object> training,
    DataProvenance data,
    Map<String, Object> finalMetrics,
    Map<String, String> versions,
    String createdAt,
    TextFeatures.Vectorizer textFeatures) {

    /** The text vectoriser copied into an artifact, relative to its root. */
    public static final String VECTORIZER_DIR = "vectorizer";

    public ModelArtifactManifest(int formatVersion, String model, NetworkKind networkKind, ImageShape inputShape,
                                 boolean convolutional, List<String> labelNames, long parameters,
                                 Map<String, Object> training, DataProvenance data, Map<String, Object> finalMetrics,
                                 Map<String, String> versions, String createdAt) {
        this(formatVersion, model, networkKind, inputShape, convolutional, labelNames, parameters, training, data,
            finalMetrics, versions, createdAt, null);
    }

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String MODEL_FILE = "model.zip";

    /** The shard set a model was trained on, identified by its manifest's SHA-256. */
    public record DataProvenance(String uri, String manifestSha256, String dataset) {
    }
}
