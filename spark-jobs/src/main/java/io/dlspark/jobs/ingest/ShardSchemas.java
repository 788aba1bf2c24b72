package io.dlspark.jobs.ingest;

import io.dlspark.core.ingest.DecodedRecord;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Spark schemas of dlspark's Parquet shards, and the conversion of records to rows. */
public final class ShardSchemas {
    private ShardSchemas() {
    }

    public static StructType schema(RecordFormat format) {
        StructType base = new StructType()
            .add(ShardColumns.RECORD_ID, DataTypes.StringType, false)
            .add(ShardColumns.LABEL, DataTypes.IntegerType, false);
        StructType withPayload = format == RecordFormat.TEXT_UTF8
            ? base.add(ShardColumns.TEXT, DataTypes.StringType, false)
            : base.add(ShardColumns.PIXELS, DataTypes.BinaryType, false);
        return withPayload.add(ShardColumns.SOURCE, DataTypes.StringType, false);
    }

    public static Row row(DecodedRecord record, RecordFormat format) {
        Object payload = format == RecordFormat.TEXT_UTF8 ? record.text() : record.pixels();
        return RowFactory.create(record.recordId(), record.label(), payload, record.source());
    }
}
