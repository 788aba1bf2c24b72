package io.dlspark.core.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.shard.TextFeatures;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a model artifact, beside {@code model.zip}: what the model is, what it was trained on and
 * how, its final metrics, the versions that made it and how a record becomes its input ({@code preprocessing}, from
 * format 3). A text model also carries its vectoriser ({@code textFeatures}, under {@link #VECTORIZER_DIR}) and has no
 * {@code inputShape}; a regression model carries its {@code regression} target.
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
    TrainingProvenance training,
    DataProvenance data,
    Map<String, Object> finalMetrics,
    Map<String, String> versions,
    String createdAt,
    TransferProvenance transfer,
    TextFeatures.Vectorizer textFeatures,
    InputPreprocessing preprocessing,
    RegressionTarget regression) {

    /** The text vectoriser copied into an artifact, relative to its root. */
    public static final String VECTORIZER_DIR = "vectorizer";

    public ModelArtifactManifest(int formatVersion, String model, NetworkKind networkKind, ImageShape inputShape,
                                 boolean convolutional, List<String> labelNames, long parameters,
                                 TrainingProvenance training, DataProvenance data, Map<String, Object> finalMetrics,
                                 Map<String, String> versions, String createdAt) {
        this(formatVersion, model, networkKind, inputShape, convolutional, labelNames, parameters, training, data,
            finalMetrics, versions, createdAt, null, null, null, null);
    }

    /** A manifest without text features. */
    public ModelArtifactManifest(int formatVersion, String model, NetworkKind networkKind, ImageShape inputShape,
                                 boolean convolutional, List<String> labelNames, long parameters,
                                 TrainingProvenance training, DataProvenance data, Map<String, Object> finalMetrics,
                                 Map<String, String> versions, String createdAt, TransferProvenance transfer) {
        this(formatVersion, model, networkKind, inputShape, convolutional, labelNames, parameters, training, data,
            finalMetrics, versions, createdAt, transfer, null, null, null);
    }

    /** A manifest with text features (or null) and without preprocessing. */
    public ModelArtifactManifest(int formatVersion, String model, NetworkKind networkKind, ImageShape inputShape,
                                 boolean convolutional, List<String> labelNames, long parameters,
                                 TrainingProvenance training, DataProvenance data, Map<String, Object> finalMetrics,
                                 Map<String, String> versions, String createdAt, TransferProvenance transfer,
                                 TextFeatures.Vectorizer textFeatures) {
        this(formatVersion, model, networkKind, inputShape, convolutional, labelNames, parameters, training, data,
            finalMetrics, versions, createdAt, transfer, textFeatures, null, null);
    }

    /**
     * The format written: 3 records {@code preprocessing}; 2 has a typed {@code training} block; 2 and 1 are read too
     * (their {@code preprocessing} is null).
     */
    public static final int FORMAT_VERSION = 3;
    public static final String FILE_NAME = "manifest.json";
    public static final String MODEL_FILE = "model.zip";

    /** The adapter from {@link #inputShape} records to the network's input, or null when the network takes them as they are. */
    public InputAdapter inputAdapter() {
        return transfer == null ? null : transfer.inputAdapter();
    }

    /** Whether the network has a regression head (its output is the standardized {@link #regression} target). */
    public boolean regressor() {
        return regression != null;
    }

    /**
     * A regression model's target: the label column it was trained on and the training rows' mean and standard
     * deviation, by which the network's standardized output is mapped back to label units.
     */
    public record RegressionTarget(String label, double mean, double std) {
        public RegressionTarget {
            if (!Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("regression target '" + label + "': mean " + mean + " and std " + std
                    + " must be finite, std > 0");
            }
        }

        /** A network output in label units. */
        public double toLabel(double standardized) {
            return mean + std * standardized;
        }

        /** A label value in the network's standardized units. */
        public double standardize(double label) {
            return (label - mean) / std;
        }
    }

    /** The shard set a model was trained on, identified by its manifest's SHA-256. */
    public record DataProvenance(String uri, String manifestSha256, String dataset) {
    }

    /**
     * Where a transferred model came from ({@code dlspark transfer}) and how it was fine-tuned.
     *
     * @param baseUri             the base artifact folder or Keras file
     * @param baseFormat          {@code dlspark} or {@code keras}
     * @param baseModel           the base's model name (or Keras file name)
     * @param baseSha256          SHA-256 of the base's model file
     * @param baseData            the data the base was trained on (dlspark bases only)
     * @param baseLabelNames      the classes the base predicted (dlspark bases only)
     * @param frozenLayers        indices of the layers frozen when fine-tuning began
     * @param replaceHead         whether the head was replaced
     * @param unfreezeAfterEpochs gradual unfreezing period in epochs (0: none)
     * @param inputAdapter        how records of {@code inputShape} are adapted to the network's input, or null
     */
    public record TransferProvenance(String baseUri, String baseFormat, String baseModel, String baseSha256,
                                     DataProvenance baseData, List<String> baseLabelNames, List<Integer> frozenLayers,
                                     boolean replaceHead, int unfreezeAfterEpochs, InputAdapter inputAdapter) {
    }
}
