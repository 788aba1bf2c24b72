package io.dlspark.jobs.ingest;

import io.dlspark.core.UsageException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.Locale;

/** The file formats {@code ingest --dataset table} reads, chosen by {@code --format} or the input's extension. */
public enum TableFormat {
    PARQUET, CSV, JSON, ORC;

    /** The format's command-line and Spark data-source name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A reader for this format; CSV has a header row and its numbers inferred. */
    DataFrameReader reader(SparkSession spark) {
        DataFrameReader reader = spark.read().format(cliName());
        return this == CSV ? reader.option("header", "true").option("inferSchema", "true").option("mode", "FAILFAST")
            : this == JSON ? reader.option("mode", "FAILFAST") : reader;
    }

    /** {@code option} when given, else the format named by {@code input}'s extension (a folder's name may carry one). */
    public static TableFormat of(String input, String option) {
        if (option != null) {
            return parse(option, "--format");
        }
        String name = input.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new UsageException("--input " + input + ": no file extension to tell the table's format; pass --format "
                + names());
        }
        return parse(name.substring(dot + 1), "--input " + input);
    }

    private static TableFormat parse(String value, String where) {
        String name = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.cliName().equals(name)).findFirst()
            .orElseThrow(() -> new UsageException(where + ": unknown table format '" + value + "'; expected one of "
                + names() + (where.startsWith("--input") ? " (or pass --format)" : "")));
    }

    private static String names() {
        return String.join("|", Arrays.stream(values()).map(TableFormat::cliName).toList());
    }
}
