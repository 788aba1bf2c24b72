package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.ml.Blobs;
import io.dlspark.ml.LinearTable;
import io.dlspark.spark.SparkTestSession;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ingest --dataset table}: every format to the same shards, the regression target, and bad tables. */
class TableIngestJobTest {
    private static SparkSession spark;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** Writes {@code table} as one file of {@code format} in a folder named {@code name}. */
    static String write(Dataset<Row> table, java.nio.file.Path dir, String name, String format) {
        String path = dir.resolve(name).toString();
        table.coalesce(1).write().mode(SaveMode.ErrorIfExists).format(format).option("header", "true").save(path);
        return path;
    }

    private TableIngestJob.Request request(String input, String output, String format, List<String> features,
                                           String label, TableTask task) {
        return new TableIngestJob.Request(input, output, format, features, label, task, 42, 0.1, 0.2, null, false, false);
    }

    private IngestResult ingest(String input, String output, List<String> features, String label, TableTask task)
        throws IOException {
        return new TableIngestJob(spark).run(request(input, output, null, features, label, task));
    }

    private static List<String> records(String shards) {
        List<String> rows = new ArrayList<>();
        for (Split split : Split.values()) {
            spark.read().parquet(shards + "/" + split.dirName()).orderBy(ShardColumns.RECORD_ID).collectAsList()
                .forEach(r -> rows.add(split.dirName() + " " + r.getString(0) + " " + r.get(1) + " " + r.getList(2)));
        }
        return rows;
    }

    @Test
    void everyFormatGivesTheSameClassShardsWithNamedLabels() throws IOException {
        Dataset<Row> blobs = Blobs.frame(spark, 300, 3, 7).drop("features", "label");
        List<String> reference = null;
        for (String format : List.of("parquet", "csv", "json", "orc")) {
            String input = write(blobs, dir, "blobs." + format, format);
            String output = dir.resolve("shards-" + format).toString();
            IngestResult result = ingest(input, output, List.of("x0", "x1", "x2", "x3"), "name", TableTask.CLASSIFICATION);
            ShardManifest manifest = ManifestIo.read(new Path(output), spark.sparkContext().hadoopConfiguration());
            assertEquals("table", manifest.dataset(), format);
            assertEquals(RecordFormat.FEATURES_FLOAT32, manifest.recordFormat());
            assertEquals(4, manifest.shape().size());
            assertEquals(List.of("cat", "dog", "emu"), manifest.labelNames(), "equal counts: names in alphabetical order");
            assertEquals(new ShardManifest.Table(format, List.of("x0", "x1", "x2", "x3"), "name", null, null), manifest.table());
            assertEquals(300, result.records());
            assertTrue(manifest.count(Split.VALIDATION) > 15 && manifest.count(Split.TEST) > 40
                && manifest.count(Split.TRAIN) > 180, result.summary());
            List<String> rows = records(output);
            assertEquals(300, rows.size());
            if (reference == null) {
                reference = rows;
            } else {
                assertEquals(reference, rows, format + " gives other shards than parquet");
            }
        }
    }

    @Test
    void aRegressionTableRecordsItsTargetAndStoresStandardizedLabels() throws IOException {
        String input = write(LinearTable.frame(spark, 400, 0.1, 3).drop("features"), dir, "linear.parquet", "parquet");
        String output = dir.resolve("shards").toString();
        ingest(input, output, List.of("x1", "x2"), "y", TableTask.REGRESSION);
        ShardManifest manifest = ManifestIo.read(new Path(output), spark.sparkContext().hadoopConfiguration());
        ShardManifest.Target target = manifest.table().regression();
        assertEquals(List.of("y"), manifest.labelNames());
        Row train = spark.read().parquet(output + "/train")
            .agg(functions.avg(ShardColumns.LABEL), functions.stddev_pop(ShardColumns.LABEL)).first();
        assertEquals(0, train.getDouble(0), 1e-5, "the training labels are standardized");
        assertEquals(1, train.getDouble(1), 1e-5);
        Row raw = spark.read().parquet(input).agg(functions.avg("y")).first();
        assertEquals(raw.getDouble(0), target.mean(), 0.3, "the training rows' mean is near the table's");
        assertEquals(DataTypes.FloatType, spark.read().parquet(output + "/test").schema().apply(ShardColumns.LABEL).dataType());
        assertEquals(400, manifest.count(Split.TRAIN) + manifest.count(Split.VALIDATION) + manifest.count(Split.TEST));
        assertEquals(null, manifest.table().standardized());

        String scaled = dir.resolve("scaled").toString();
        new TableIngestJob(spark).run(new TableIngestJob.Request(input, scaled, null, List.of("x1", "x2"), "y",
            TableTask.REGRESSION, 42, 0.1, 0.2, null, false, true));
        ShardManifest standardized = ManifestIo.read(new Path(scaled), spark.sparkContext().hadoopConfiguration());
        Row x2 = spark.read().parquet(scaled + "/train").select(functions.col(ShardColumns.FEATURES).getItem(1).as("v"))
            .agg(functions.avg("v"), functions.stddev_pop("v")).first();
        assertEquals(0, x2.getDouble(0), 1e-5, "standardized training features");
        assertEquals(1, x2.getDouble(1), 1e-5);
        double rawX2 = spark.read().parquet(output + "/train").select(functions.col(ShardColumns.FEATURES).getItem(1).as("v"))
            .agg(functions.avg("v")).first().getDouble(0);
        assertEquals(rawX2, standardized.table().standardized().means().get(1), 1e-6);
        assertEquals(records(output).stream().map(r -> r.split(" ")[1]).toList(),
            records(scaled).stream().map(r -> r.split(" ")[1]).toList(), "the same records in the same splits");
    }

    @Test
    void badTablesFailInOneLineNamingTheFileColumnAndRowBeforeAnyOutput() throws IOException {
        String output = dir.resolve("out").toString();
        Dataset<Row> linear = LinearTable.frame(spark, 20, 0.1, 3).drop("features");
        String good = write(linear, dir, "good.orc", "orc");

        UsageException missing = assertThrows(UsageException.class,
            () -> ingest(good, output, List.of("x1", "x3"), "y", TableTask.REGRESSION));
        assertEquals("--input " + good + ": --features column 'x3' is not in the table (columns: x1, x2, y)",
            missing.getMessage());

        String named = write(linear.withColumn("city", functions.lit("Oslo")), dir, "named.csv", "csv");
        UsageException text = assertThrows(UsageException.class,
            () -> ingest(named, output, List.of("x1", "city"), "y", TableTask.REGRESSION));
        assertEquals("--input " + named + ": --features column 'city' has type string; expected a number",
            text.getMessage());
        UsageException textTarget = assertThrows(UsageException.class,
            () -> ingest(named, output, List.of("x1"), "city", TableTask.REGRESSION));
        assertTrue(textTarget.getMessage().contains("--label column 'city' has type string; a regression target"),
            textTarget.getMessage());

        String nan = write(linear.withColumn("x2", functions.when(functions.col("y").equalTo(linear.collectAsList().get(3)
            .getDouble(2)), Double.NaN).otherwise(functions.col("x2"))), dir, "nan.parquet", "parquet");
        DataException notANumber = assertThrows(DataException.class,
            () -> ingest(nan, output, List.of("x1", "x2"), "y", TableTask.REGRESSION));
        assertEquals("--input " + nan + ": --features 'x2': row 3 is null, NaN or infinite", notANumber.getMessage());

        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("label", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(RowFactory.create((double) i, i == 5 ? null : "c" + i % 2));
        }
        String nullLabel = write(spark.createDataFrame(rows, schema), dir, "null-label.json", "json");
        DataException noLabel = assertThrows(DataException.class,
            () -> ingest(nullLabel, output, List.of("a"), "label", TableTask.CLASSIFICATION));
        assertEquals("--input " + nullLabel + ": --label 'label': row 5 is null, NaN or infinite", noLabel.getMessage());

        UsageException format = assertThrows(UsageException.class,
            () -> ingest(dir.resolve("sheet.xlsx").toString(), output, List.of("x1"), "y", TableTask.REGRESSION));
        assertEquals("--input " + dir.resolve("sheet.xlsx") + ": unknown table format 'xlsx'; expected one of "
            + "parquet|csv|json|orc (or pass --format)", format.getMessage());
        UsageException option = assertThrows(UsageException.class, () -> new TableIngestJob(spark)
            .run(request(good, output, "avro", List.of("x1"), "y", TableTask.REGRESSION)));
        assertEquals("--format: unknown table format 'avro'; expected one of parquet|csv|json|orc", option.getMessage());

        String empty = write(linear.limit(0), dir, "empty.parquet", "parquet");
        DataException none = assertThrows(DataException.class,
            () -> ingest(empty, output, List.of("x1", "x2"), "y", TableTask.REGRESSION));
        assertEquals("--input " + empty + ": the table has no rows", none.getMessage());

        UsageException repeated = assertThrows(UsageException.class,
            () -> ingest(good, output, List.of("x1", "x1"), "y", TableTask.REGRESSION));
        assertEquals("--features: column 'x1' is listed twice", repeated.getMessage());
        for (String message : List.of(missing.getMessage(), notANumber.getMessage(), none.getMessage())) {
            assertFalse(message.contains("\n"), message);
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for a bad table");
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().startsWith("out")
                || p.getFileName().toString().startsWith("_out")), "no temporary output either");
        }
    }
}
