package io.dlspark.core.shard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what a shard set holds, where it came from and how it was made (including, for an augmented
 * shard set, its {@link Augmentation}). Written last, after the shards, so that a shard set with a manifest is
 * complete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record ShardManifest(
    int schemaVersion,
    String dataset,
    List<String> sources,
    RecordFormat recordFormat,
    ImageShape shape,
    List<String> labelNames,
    long seed,
    double validationFraction,
    Map<String, SplitCounts> splits,
    List<ShardFile> files,
    List<ShardFile> sourceChecksums,
    BadRecords badRecords,
    String createdAt,
    String codeVersion,
    Augmentation augmentation,
    Subset subset,
    String positiveLabel,
    Deduplication deduplication,
    TextFeatures textFeatures,
    SceneGeneration scenes,
    Table table) {

    /** A shard set without a table's columns (every kind but {@code ingest --dataset table}). */
    public ShardManifest(int schemaVersion, String dataset, List<String> sources, RecordFormat recordFormat,
                         ImageShape shape, List<String> labelNames, long seed, double validationFraction,
                         Map<String, SplitCounts> splits, List<ShardFile> files, List<ShardFile> sourceChecksums,
                         BadRecords badRecords, String createdAt, String codeVersion, Augmentation augmentation,
                         Subset subset, String positiveLabel, Deduplication deduplication, TextFeatures textFeatures,
                         SceneGeneration scenes) {
        this(schemaVersion, dataset, sources, recordFormat, shape, labelNames, seed, validationFraction, splits, files,
            sourceChecksums, badRecords, createdAt, codeVersion, augmentation, subset, positiveLabel, deduplication,
            textFeatures, scenes, null);
    }

    public ShardManifest(int schemaVersion, String dataset, List<String> sources, RecordFormat recordFormat,
                         ImageShape shape, List<String> labelNames, long seed, double validationFraction,
                         Map<String, SplitCounts> splits, List<ShardFile> files, List<ShardFile> sourceChecksums,
                         BadRecords badRecords, String createdAt, String codeVersion) {
        this(schemaVersion, dataset, sources, recordFormat, shape, labelNames, seed, validationFraction, splits, files,
            sourceChecksums, badRecords, createdAt, codeVersion, null, null, null, null, null, null);
    }

    /**
     * Refuses a shard set whose records are not text, in one line naming {@code subject} (the option and value that
     * gave it): every job that reads text says it the same way.
     */
    public void requireText(String subject) {
        if (recordFormat != RecordFormat.TEXT_UTF8) {
            throw new UsageException(subject + ": a shard set of " + recordFormat + " records, not text");
        }
    }

    /** An image shard set, possibly augmented or a class subset. */
    public ShardManifest(int schemaVersion, String dataset, List<String> sources, RecordFormat recordFormat,
                         ImageShape shape, List<String> labelNames, long seed, double validationFraction,
                         Map<String, SplitCounts> splits, List<ShardFile> files, List<ShardFile> sourceChecksums,
                         BadRecords badRecords, String createdAt, String codeVersion, Augmentation augmentation,
                         Subset subset) {
        this(schemaVersion, dataset, sources, recordFormat, shape, labelNames, seed, validationFraction, splits, files,
            sourceChecksums, badRecords, createdAt, codeVersion, augmentation, subset, null, null, null, null);
    }

    /** A shard set with a declared positive class, deduplication or text features. */
    public ShardManifest(int schemaVersion, String dataset, List<String> sources, RecordFormat recordFormat,
                         ImageShape shape, List<String> labelNames, long seed, double validationFraction,
                         Map<String, SplitCounts> splits, List<ShardFile> files, List<ShardFile> sourceChecksums,
                         BadRecords badRecords, String createdAt, String codeVersion, String positiveLabel,
                         Deduplication deduplication, TextFeatures textFeatures) {
        this(schemaVersion, dataset, sources, recordFormat, shape, labelNames, seed, validationFraction, splits, files,
            sourceChecksums, badRecords, createdAt, codeVersion, null, null, positiveLabel, deduplication, textFeatures,
            null);
    }

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    /** Records in one split, in total and per label index. */
    public record SplitCounts(long records, long[] perClass) {
    }

    /** A file with its size and SHA-256, relative to the shard set's root (or absolute for sources). */
    public record ShardFile(String path, long bytes, String sha256) {
    }

    /** Every record that could not be used, with the reason; none is dropped silently. */
    public record BadRecords(long count, List<BadRecord> records) {
    }

    /** One bad record: the file or record it came from and why it was rejected. */
    public record BadRecord(String source, String reason) implements java.io.Serializable {
    }

    /**
     * How {@code dlspark augment} made this shard set from another; absent for ingested shard sets.
     *
     * @param input               the input shard set
     * @param inputManifestSha256 SHA-256 of the input's manifest
     * @param config              the augmentation config file
     * @param pipeline            the records, seed and every step with its parameters
     * @param seed                the pipeline seed used
     * @param copies              augmented copies written per training record
     * @param originals           training records copied unchanged
     * @param augmented           augmented training records written
     */
    public record Augmentation(String input, String inputManifestSha256, String config, String pipeline, long seed,
                               int copies, long originals, long augmented) {
    }

    /**
     * How a class subset was taken ({@code ingest --classes}): the original label indices in new label order, the
     * original label names, the training records kept per class, and how many records were left out.
     *
     * @param originalLabels       original label index of each new label
     * @param originalLabelNames   the source's label names, in original order
     * @param perClassLimit        training records kept per class at most, or null for all
     * @param seed                 seed of the choice of training records
     * @param droppedOtherClasses  records of classes not kept
     * @param droppedOverLimit     training records of kept classes left out by the limit
     */
    public record Subset(List<Integer> originalLabels, List<String> originalLabelNames, Integer perClassLimit, long seed,
                         long droppedOtherClasses, long droppedOverLimit) {
    }

    /**
     * Records removed before the split because their content equals an earlier record's, so that no copy of a
     * training record lands in validation or test.
     *
     * @param key     what was compared
     * @param removed how many records were removed
     * @param records each removed record and the kept record it duplicates
     */
    public record Deduplication(String key, long removed, List<Duplicate> records) {
    }

    /**
     * How {@code ingest --dataset fashion-mnist-scenes} composed its scenes: the generator's settings and seed, and
     * per split the object images it drew from.
     *
     * @param settings the scene generator's settings
     * @param seed     the seed; each split's scenes use {@code SceneSplits.seed(seed, split)}
     * @param objects  per split name, the object images its scenes were built from
     */
    public record SceneGeneration(io.dlspark.core.detect.SceneSettings settings, long seed,
                                  Map<String, ObjectRange> objects) {
    }

    /** Object images {@code [from, to)} of an IDX image file and its label file. */
    public record ObjectRange(String images, String labels, int from, int to) {
    }

    /**
     * The table a feature shard set was ingested from ({@code ingest --dataset table}): its format, the feature
     * columns in the order of each record's values, the label column and, for a regression task, the target's
     * standardization (the shards' float labels are {@code (y - mean) / std}; null for classification), and the
     * features' standardization when {@code --standardize} asked for it (else null: values as in the table).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Table(String format, List<String> features, String label, Target regression,
                        Standardization standardized) {
        /** Whether the label is a regression target rather than a class. */
        public boolean regressionTask() {
            return regression != null;
        }
    }

    /** A regression target's training-split mean and population standard deviation. */
    public record Target(double mean, double std) {
    }

    /**
     * Each feature's training-split mean and population standard deviation (1 for a constant feature): a record's
     * i-th value is {@code (x_i - means[i]) / stds[i]}.
     */
    public record Standardization(List<Double> means, List<Double> stds) {
    }

    /** A removed record and the record kept in its place. */
    public record Duplicate(String source, String duplicateOf) {
    }

    /** The index of the positive class of a binary task, or -1 when none is declared. */
    public int positiveClass() {
        return positiveLabel == null ? -1 : labelNames.indexOf(positiveLabel);
    }

    public int classCount() {
        return labelNames.size();
    }

    /** Records in the split, or 0 when the shard set has none. */
    public long count(Split split) {
        SplitCounts counts = splits.get(split.dirName());
        return counts == null ? 0 : counts.records();
    }
}
