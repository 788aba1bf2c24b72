package io.dlspark.core.ingest;

import io.dlspark.core.shard.Split;

import java.io.Serializable;

/**
 * One record to ingest, as planned on the driver: its stable id, label, split and source. {@code payload}
 * carries bytes already read on the driver (IDX pixels, messages read for deduplication), or is null when the
 * executor reads {@code source}. {@code group} is optional metadata kept in the shards (the SpamAssassin folder a
 * message came from), or null.
 */
public record RecordRef(String recordId, int label, Split split, String source, byte[] payload, String group)
    implements Serializable {

    public RecordRef(String recordId, int label, Split split, String source, byte[] payload) {
        this(recordId, label, split, source, payload, null);
    }

    /** The same record in another split. */
    public RecordRef withSplit(Split other) {
        return new RecordRef(recordId, label, other, source, payload, group);
    }
}
