package io.dlspark.core.shard;

/** Column names of dlspark's Parquet shards. */
public final class ShardColumns {
    /** Stable id of the record, unique within the shard set (for example {@code train-00042} or {@code shirt/img7.png}). */
    public static final String RECORD_ID = "record_id";
    /** Label index into the manifest's label names. */
    public static final String LABEL = "label";
    /** Image pixels: uint8, HWC order, shape from the manifest. */
    public static final String PIXELS = "pixels";
    /** Feature vector: float32 array, its size from the manifest's shape ({@link RecordFormat#FEATURES_FLOAT32}). */
    public static final String FEATURES = "features";
    /** Document text (UTF-8). */
    public static final String TEXT = "text";
    /** Where the record came from: a path, or a file and index. */
    public static final String SOURCE = "source";
    /** Text records: the group a record came from (SpamAssassin: easy-ham-1, hard-ham-1, spam-2, ...), or null. */
    public static final String GROUP = "group";

    /** Detection records: object boxes as float32 x1, y1, x2, y2 per object, in pixels with continuous edges. */
    public static final String BOXES = "boxes";
    /** Detection records: the class index of each object, in the order of {@link #BOXES}. */
    public static final String CLASSES = "classes";
    /** Detection records: each object's Pascal VOC {@code difficult} flag, in the order of {@link #BOXES}. */
    public static final String DIFFICULT = "difficult";

    private ShardColumns() {
    }
}
