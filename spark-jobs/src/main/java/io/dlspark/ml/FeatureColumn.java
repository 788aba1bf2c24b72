package io.dlspark.ml;

import io.dlspark.core.UsageException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** A features column: a Spark ML Vector (dense or sparse), array<float> or array<double> as float32, or images ({@link ImageColumn}). */
final class FeatureColumn {
    private FeatureColumn() {
    }

    /** Checks that {@code name} is in {@code schema} with a feature type; the error names the column and its type. */
    static DataType check(StructType schema, String name, String param) {
        DataType type = ColumnChecks.require(schema, name, param);
        if (type.equals(SQLDataTypes.VectorType()) || ImageColumn.isImage(type) || type instanceof ArrayType a
            && (a.elementType().equals(DataTypes.FloatType) || a.elementType().equals(DataTypes.DoubleType))) {
            return type;
        }
        throw new UsageException(param + " '" + name + "': has type " + type.simpleString()
            + "; expected a Spark ML Vector, array<float>, array<double>, Spark's image struct or binary pixels");
    }

    /** The problem named, at fit and at transform, when a feature row holds a NaN or infinite value. */
    static final String NOT_FINITE = "has a NaN or infinite value (as float32)";

    /**
     * What is wrong with a row's features for a model taking {@code width} values (null cell, wrong size, a NaN or
     * infinite value), or null when nothing is.
     */
    static String fault(float[] values, int width) {
        if (values == null) {
            return "is null";
        }
        if (values.length != width) {
            return "has " + values.length + " values; the model takes " + width;
        }
        for (float x : values) {
            if (!Float.isFinite(x)) {
                return NOT_FINITE;
            }
        }
        return null;
    }

    /** The column as {@code array<float>} (vectors converted, doubles narrowed to float32). */
    static Column asFloats(StructType schema, String name) {
        DataType type = schema.apply(name).dataType();
        Column column = functions.col(name);
        return type.equals(SQLDataTypes.VectorType())
            ? org.apache.spark.ml.functions.vector_to_array(column, "float32")
            : column.cast(DataTypes.createArrayType(DataTypes.FloatType));
    }

    /** The values of a row's features cell (Vector or array of numbers) as float32, or null for a null cell. */
    static float[] read(Row row, int column) {
        if (row.isNullAt(column)) {
            return null;
        }
        Object cell = row.get(column);
        if (cell instanceof Vector v) {
            float[] values = new float[v.size()];
            v.foreachActive((i, x) -> {
                values[(Integer) i] = (float) (double) (Double) x;
                return null;
            });
            return values;
        }
        List<Object> list = row.getList(column);
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            Object x = list.get(i);
            values[i] = x == null ? Float.NaN : ((Number) x).floatValue();
        }
        return values;
    }
}
