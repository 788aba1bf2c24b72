package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.ml.FitRecords;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The feature and label columns of a table, checked against its schema and then its values; every error is one line
 * naming the input, the option, the column and (for a value) the 0-based row in read order.
 */
final class TableColumns {
    private final String input;
    private final List<String> features;
    private final String label;
    private final TableTask task;

    TableColumns(String input, List<String> features, String label, TableTask task) {
        if (features == null || features.isEmpty()) {
            throw new UsageException("--features: name at least one feature column");
        }
        Set<String> seen = new HashSet<>();
        for (String f : features) {
            if (f.isBlank()) {
                throw new UsageException("--features: an empty column name in " + features);
            }
            if (!seen.add(f)) {
                throw new UsageException("--features: column '" + f + "' is listed twice");
            }
        }
        if (label == null || label.isBlank()) {
            throw new UsageException("--label: name the label column");
        }
        if (seen.contains(label)) {
            throw new UsageException("--label '" + label + "' is also one of --features");
        }
        this.input = input;
        this.features = List.copyOf(features);
        this.label = label;
        this.task = task;
    }

    List<String> features() {
        return features;
    }

    String label() {
        return label;
    }

    /** Every named column exists; features are numbers; a label is a number or, for classification, a string. */
    void checkSchema(StructType schema) {
        for (String f : features) {
            DataType type = type(schema, f, "--features");
            if (!(type instanceof NumericType)) {
                throw new UsageException("--input " + input + ": --features column '" + f + "' has type "
                    + type.simpleString() + "; expected a number");
            }
        }
        DataType type = type(schema, label, "--label");
        boolean string = type.equals(DataTypes.StringType);
        if (!(type instanceof NumericType) && !(string && task == TableTask.CLASSIFICATION)) {
            throw new UsageException("--input " + input + ": --label column '" + label + "' has type " + type.simpleString()
                + (task == TableTask.REGRESSION ? "; a regression target must be a number"
                : "; expected a number (class index 0..C-1) or a string"));
        }
    }

    private DataType type(StructType schema, String column, String option) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new UsageException("--input " + input + ": " + option + " column '" + column + "' is not in the table "
                + "(columns: " + String.join(", ", Arrays.stream(schema.fields()).map(StructField::name).toList()) + ")");
        }
        return schema.apply(column).dataType();
    }

    /**
     * No row is null, NaN or infinite in a feature column or the label: one pass over {@code table} when none is, then
     * one per column to name the first faulty row.
     */
    void checkValues(Dataset<Row> table) {
        List<Column> faults = new ArrayList<>();
        for (String f : features) {
            faults.add(fault(table, f));
        }
        faults.add(fault(table, label));
        Column any = faults.stream().reduce(Column::or).orElseThrow();
        if (table.filter(any).isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(features);
        columns.add(label);
        for (int i = 0; i < columns.size(); i++) {
            try {
                FitRecords.failOn(table, faults.get(i), i < features.size() ? "--features" : "--label", columns.get(i),
                    "is null, NaN or infinite");
            } catch (UsageException e) {
                throw new DataException("--input " + input + ": " + e.getMessage(), e);
            }
        }
    }

    /** The top-level column {@code name}, even when its name holds dots. */
    static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /** Where {@code column}'s value is null, or a NaN or infinite floating-point number. */
    private static Column fault(Dataset<Row> table, String column) {
        Column c = column(column);
        DataType type = table.schema().apply(column).dataType();
        if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
            return c.isNull().or(functions.isnan(c)).or(functions.abs(c).equalTo(Double.POSITIVE_INFINITY));
        }
        return c.isNull();
    }
}
