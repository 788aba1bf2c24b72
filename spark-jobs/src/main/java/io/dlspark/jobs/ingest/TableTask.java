package io.dlspark.jobs.ingest;

import io.dlspark.core.UsageException;

import java.util.Locale;

/** What a table's label is: a class (indexed, names kept) or a regression target (standardized). */
public enum TableTask {
    CLASSIFICATION, REGRESSION;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code value} of option {@code option}, naming both on error. */
    public static TableTask parse(String value, String option) {
        for (TableTask task : values()) {
            if (task.cliName().equals(value.toLowerCase(Locale.ROOT))) {
                return task;
            }
        }
        throw new UsageException(option + ": unknown task '" + value + "'; expected classification or regression");
    }
}
