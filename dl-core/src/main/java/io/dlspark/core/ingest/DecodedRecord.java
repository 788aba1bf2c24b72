package io.dlspark.core.ingest;

import java.io.Serializable;

/** A record ready for its shard: pixels for image data sets, text for text data sets. */
public record DecodedRecord(String recordId, int label, String source, byte[] pixels, String text) implements Serializable {
}
