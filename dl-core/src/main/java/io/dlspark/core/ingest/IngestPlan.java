package io.dlspark.core.ingest;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;

import java.util.List;

/**
 * What an ingest run will do, worked out on the driver before any Spark job: the records of each split in their
 * final order, the decoder executors apply to them, and the bad records already found while planning.
 */
public record IngestPlan(
    String dataset,
    List<String> sources,
    RecordFormat format,
    ImageShape shape,
    List<String> labelNames,
    List<RecordRef> records,
    List<ShardManifest.BadRecord> plannedBadRecords,
    List<ShardManifest.ShardFile> sourceChecksums,
    RecordDecoder decoder,
    String positiveLabel,
    ShardManifest.Deduplication deduplication) {

    public IngestPlan(String dataset, List<String> sources, RecordFormat format, ImageShape shape, List<String> labelNames,
                      List<RecordRef> records, List<ShardManifest.BadRecord> plannedBadRecords,
                      List<ShardManifest.ShardFile> sourceChecksums, RecordDecoder decoder) {
        this(dataset, sources, format, shape, labelNames, records, plannedBadRecords, sourceChecksums, decoder, null, null);
    }

    /** The records of one split, in shard order. */
    public List<RecordRef> records(Split split) {
        return records.stream().filter(r -> r.split() == split).toList();
    }
}
