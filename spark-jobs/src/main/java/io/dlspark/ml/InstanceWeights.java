package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.shard.Split;
import io.dlspark.feed.InMemoryRecords;
import io.dlspark.feed.TrainingData;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The optional instance weights of a fit ({@code weightCol}): a number per row, finite and non-negative as float32,
 * not 0 on every training row; errors name the column and the row.
 */
final class InstanceWeights {
    /** The weight column among a fit's selected columns. */
    static final String W = "__weight";
    private static final String RULE = "; instance weights must be finite numbers >= 0";

    private InstanceWeights() {
    }

    /** Checks that {@code column} of {@code schema} is numeric. */
    static void checkType(StructType schema, String column) {
        DataType type = ColumnChecks.require(schema, column, "weightCol");
        if (!(type instanceof NumericType)) {
            throw new UsageException("weightCol '" + column + "': has type " + type.simpleString() + "; expected a number");
        }
    }

    /** The weight column as float32, named {@link #W}, after checking its type. */
    static Column select(StructType schema, String column) {
        checkType(schema, column);
        return functions.col(column).cast(DataTypes.FloatType).as(W);
    }

    /** Fails on the first of {@code rows} whose weight ({@link #W}) is null, NaN, infinite or negative. */
    static void checkRows(Dataset<Row> rows, String column) {
        Column weight = functions.col(W);
        FitRecords.failOn(rows, weight.isNull(), "weightCol", column, "is null" + RULE);
        FitRecords.failOn(rows, functions.isnan(weight).or(functions.abs(weight).equalTo(Float.POSITIVE_INFINITY)),
            "weightCol", column, "is NaN or infinite (as float32)" + RULE);
        FitRecords.failOn(rows, weight.lt(0), "weightCol", column, "is negative" + RULE);
    }

    /** Fails when every training record of {@code records} ({@link TrainingData#WEIGHT}) weighs 0. */
    static void checkTraining(Dataset<Row> records, String column) {
        Row max = records.filter(functions.col(InMemoryRecords.SPLIT).equalTo(Split.TRAIN.dirName()))
            .agg(functions.max(functions.col(TrainingData.WEIGHT))).first();
        if (max.isNullAt(0) || max.getFloat(0) == 0f) {
            throw new UsageException("weightCol '" + column + "': every training row has weight 0; nothing would be learned");
        }
    }
}
