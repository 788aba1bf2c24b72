package io.dlspark.ml;

import io.dlspark.core.UsageException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/** Schema checks whose errors name the param, the column and the type found. */
final class ColumnChecks {
    private ColumnChecks() {
    }

    /** The type of column {@code name}; a missing column is a usage error listing the columns there are. */
    static DataType require(StructType schema, String name, String param) {
        if (name == null || name.isBlank()) {
            throw new UsageException(param + ": no column name given");
        }
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new UsageException(param + " '" + name + "': no such column; the DataFrame has "
                + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(name).dataType();
    }

    /** Checks that an output column does not exist yet. */
    static void absent(StructType schema, String name, String param) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new UsageException(param + " '" + name + "': the DataFrame already has a column of that name");
        }
    }
}
