package io.dlspark.core.shard;

import java.util.Locale;

/** The splits of a shard set; each is a folder of Parquet files beside the manifest. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    /** The folder and manifest name: {@code train}, {@code validation}, {@code test}. */
    public String dirName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String text) {
        for (Split split : values()) {
            if (split.dirName().equalsIgnoreCase(text.trim())) {
                return split;
            }
        }
        throw new io.dlspark.core.UsageException("unknown split '" + text + "' (expected train, validation or test)");
    }
}
