package io.dlspark.jobs.augment;

import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;

import java.util.Locale;

/** What an augment run wrote, and how long the Spark work took (session start-up excluded). */
public record AugmentResult(String output, ShardManifest manifest, double seconds) {

    /** One line for the console. */
    public String summary() {
        ShardManifest.Augmentation a = manifest.augmentation();
        return String.format(Locale.ROOT,
            "augmented %s: train %d (%d originals + %d augmented, %d copies, seed %d), validation %d, test %d records; "
                + "%.1f s -> %s",
            manifest.dataset(), manifest.count(Split.TRAIN), a.originals(), a.augmented(), a.copies(), a.seed(),
            manifest.count(Split.VALIDATION), manifest.count(Split.TEST), seconds, output);
    }
}
