package io.dlspark.core.ingest;

import java.io.Serializable;

/** A record ready for its shard: pixels for image data sets, text for text data sets, and its group or null. */
public record DecodedRecord(String recordId, int label, String source, byte[] pixels, String text, String group)
    implements Serializable {

    public DecodedRecord(String recordId, int label, String source, byte[] pixels, String text) {
        this(recordId, label, source, pixels, text, null);
    }
}
