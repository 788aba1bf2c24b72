package io.dlspark.shards;

import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Spark schemas of dlspark's Parquet shards, and the conversion of records to rows. */
public final class ShardSchemas {
    /** The partition column that routes records to their split's folder while writing; not stored in the shards. */
    static final String SPLIT = "split";

    private ShardSchemas() {
    }

    public static StructType schema(RecordFormat format) {
        StructType base = new StructType()
            .add(ShardColumns.RECORD_ID, DataTypes.StringType, false)
            .add(ShardColumns.LABEL, DataTypes.IntegerType, false);
        return switch (format) {
            case TEXT_UTF8 -> base.add(ShardColumns.TEXT, DataTypes.StringType, false)
                .add(ShardColumns.SOURCE, DataTypes.StringType, false)
                .add(ShardColumns.GROUP, DataTypes.StringType, true);
            case FEATURES_FLOAT32 -> base.add(ShardColumns.FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add(ShardColumns.SOURCE, DataTypes.StringType, false);
            case IMAGE_UINT8_HWC -> base.add(ShardColumns.PIXELS, DataTypes.BinaryType, false)
                .add(ShardColumns.SOURCE, DataTypes.StringType, false);
            case DETECTION_UINT8_HWC -> base.add(ShardColumns.PIXELS, DataTypes.BinaryType, false)
                .add(ShardColumns.BOXES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add(ShardColumns.CLASSES, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add(ShardColumns.DIFFICULT, DataTypes.createArrayType(DataTypes.BooleanType, false), false)
                .add(ShardColumns.SOURCE, DataTypes.StringType, false);
        };
    }

    /**
     * A Parquet writer for shards. Dictionary encoding is off for the columns whose values are (nearly) all distinct:
     * Parquet would hash every pixel array and record id before giving up on the dictionary.
     */
    public static DataFrameWriter<Row> writer(Dataset<Row> shards) {
        return shards.write()
            .option("parquet.enable.dictionary#" + ShardColumns.PIXELS, "false")
            .option("parquet.enable.dictionary#" + ShardColumns.TEXT, "false")
            .option("parquet.enable.dictionary#" + ShardColumns.RECORD_ID, "false")
            .option("parquet.enable.dictionary#" + ShardColumns.SOURCE, "false");
    }

    static StructType schemaWithSplit(RecordFormat format) {
        return schema(format).add(SPLIT, DataTypes.StringType, false);
    }
}
