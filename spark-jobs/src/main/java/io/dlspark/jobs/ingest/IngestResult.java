package io.dlspark.jobs.ingest;

import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;

import java.util.Locale;

/** What an ingest run wrote, and how long the Spark work took (session start-up excluded). */
public record IngestResult(String output, ShardManifest manifest, double seconds) {

    public long records() {
        long total = 0;
        for (Split split : Split.values()) {
            total += manifest.count(split);
        }
        return total;
    }

    public double recordsPerSecond() {
        return records() / Math.max(seconds, 1e-9);
    }

    /** One line for the console. */
    public String summary() {
        return String.format(Locale.ROOT,
            "ingested %s: train %d, validation %d, test %d records; %d bad; %.1f s (%.0f records/s) -> %s",
            manifest.dataset(), manifest.count(Split.TRAIN), manifest.count(Split.VALIDATION), manifest.count(Split.TEST),
            manifest.badRecords().count(), seconds, recordsPerSecond(), output);
    }
}
