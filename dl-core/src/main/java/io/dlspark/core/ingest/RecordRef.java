package io.dlspark.core.ingest;

import io.dlspark.core.shard.Split;

import java.io.Serializable;

/**
 * One record to ingest, as planned on the driver: its stable id, label, split and source. {@code payload}
 * carries bytes already read on the driver (IDX pixels), or is null when the executor reads {@code source}.
 */
public record RecordRef(String recordId, int label, Split split, String source, byte[] payload) implements Serializable {
}
