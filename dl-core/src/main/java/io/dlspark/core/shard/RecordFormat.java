package io.dlspark.core.shard;

/** What the records of a shard set hold. */
public enum RecordFormat {
    /** {@link ShardColumns#PIXELS} with a fixed {@code shape}. */
    IMAGE_UINT8_HWC,
    /** {@link ShardColumns#TEXT}. */
    TEXT_UTF8
}
