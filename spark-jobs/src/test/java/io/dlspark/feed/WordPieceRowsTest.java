package io.dlspark.feed;

import io.dlspark.core.shard.ShardColumns;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rows a WordPiece encoder reads keep the record group when the shards have one, so evaluate reports per group. */
class WordPieceRowsTest {
    @Test
    void theGroupColumnIsKeptWhenPresent() {
        SparkSession spark = SparkTestSession.get();
        StructType schema = new StructType().add(ShardColumns.RECORD_ID, DataTypes.StringType)
            .add(ShardColumns.LABEL, DataTypes.IntegerType).add(ShardColumns.TEXT, DataTypes.StringType)
            .add(ShardColumns.SOURCE, DataTypes.StringType).add(ShardColumns.GROUP, DataTypes.StringType);
        Dataset<Row> shards = spark.createDataFrame(List.of(RowFactory.create("m1", 0, "hello there", "a.json",
            "hard-ham-1")), schema);
        Dataset<Row> rows = WordPieceCodec.rows(shards);
        assertArrayEquals(new String[] {ShardColumns.RECORD_ID, ShardColumns.LABEL, ShardColumns.TEXT,
            ShardColumns.GROUP}, rows.columns());
        assertEquals("hard-ham-1", rows.first().getString(3));
        assertArrayEquals(new String[] {ShardColumns.RECORD_ID, ShardColumns.LABEL, ShardColumns.TEXT},
            WordPieceCodec.rows(shards.drop(ShardColumns.GROUP)).columns());
    }
}
