package io.dlspark.core.shard;

/** What the records of a shard set hold. */
public enum RecordFormat {
    /** {@link ShardColumns#PIXELS} with a fixed {@code shape}. */
    IMAGE_UINT8_HWC,
    /** {@link ShardColumns#TEXT}. */
    TEXT_UTF8,
    /**
     * {@link ShardColumns#FEATURES}: a float32 vector per record ({@code dlspark transfer --features-only}). The
     * manifest's {@code shape} is {@code 1xNx1}, N the feature size, so vector models such as {@code mlp} take it.
     */
    FEATURES_FLOAT32,
    /**
     * Detection scenes: {@link ShardColumns#PIXELS} with a fixed {@code shape} plus each object's box
     * ({@link ShardColumns#BOXES}), class ({@link ShardColumns#CLASSES}) and difficult flag
     * ({@link ShardColumns#DIFFICULT}); {@code label} is -1 (no image class).
     */
    DETECTION_UINT8_HWC
}
