package io.dlspark.jobs.augment;

import io.dlspark.core.UsageException;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;

import java.util.Locale;

/**
 * Refuses, before any output is written, an augment run whose output would be absurdly large: its size is estimated
 * from the input's training shard bytes times {@code copies + 1} and checked against {@link #MAX_OUTPUT_BYTES} and
 * {@link #MAX_OUTPUT_RECORDS}.
 */
final class AugmentSizeCheck {
    /** 1 TiB of shards. */
    static final long MAX_OUTPUT_BYTES = 1L << 40;
    /** Records of one split: Spark's and DL4J's int-indexed counters stay safe. */
    static final long MAX_OUTPUT_RECORDS = Integer.MAX_VALUE;

    private AugmentSizeCheck() {
    }

    static void check(ShardManifest input, int copies) {
        long trainRecords = input.count(Split.TRAIN);
        String prefix = Split.TRAIN.dirName() + "/";
        long trainBytes = input.files() == null ? 0
            : input.files().stream().filter(f -> f.path().startsWith(prefix)).mapToLong(ShardManifest.ShardFile::bytes).sum();
        double factor = copies + 1.0;
        double records = trainRecords * factor;
        double bytes = trainBytes * factor;
        if (records > MAX_OUTPUT_RECORDS || bytes > MAX_OUTPUT_BYTES) {
            throw new UsageException(String.format(Locale.ROOT, "--copies %d: the augmented training split would hold "
                + "about %.3g records and %s (%,d records and %s of training shards, times %d), more than the cap of "
                + "%,d records and %s; lower --copies", copies, records, size(bytes), trainRecords, size(trainBytes),
                copies + 1L, MAX_OUTPUT_RECORDS, size(MAX_OUTPUT_BYTES)));
        }
    }

    /** A byte count with a binary unit. */
    static String size(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    }
}
