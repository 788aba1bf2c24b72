package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.artifact.ModelArtifactManifest.RegressionTarget;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.security.Redactor;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.ml.FitRecords;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code dlspark ingest --dataset table}: numeric columns of a Parquet, CSV, JSON or ORC table become a float32
 * feature shard set. The rows are checked and prepared as the Spark ML estimators prepare a DataFrame
 * ({@link FitRecords}: content record ids, indexed or standardized labels); the held-out rows are then cut into
 * validation and test by a seeded hash of the record id. Written under a temporary path, then renamed.
 */
public final class TableIngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(TableIngestJob.class);
    /** The dataset name in the manifest. */
    public static final String DATASET = "table";
    private static final String FEATURES = "__dlspark_features";

    private final SparkSession spark;

    public TableIngestJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * One table ingest: {@code format} null takes it from the input's extension; {@code partitions} null writes one
     * train shard per {@link ShardSetWriter#RECORDS_PER_SHARD} records; {@code standardize} scales each feature by
     * the training rows' mean and standard deviation.
     */
    public record Request(String input, String output, String format, List<String> features, String label,
                          TableTask task, long seed, double validationFraction, double testFraction, Integer partitions,
                          boolean overwrite, boolean standardize) {
        public Request {
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new UsageException("--val-fraction: must be in [0, 1), got " + validationFraction);
            }
            if (!(testFraction >= 0 && testFraction < 1)) {
                throw new UsageException("--test-fraction: must be in [0, 1), got " + testFraction);
            }
            if (validationFraction + testFraction >= 1) {
                throw new UsageException("--val-fraction " + validationFraction + " and --test-fraction " + testFraction
                    + " leave no training rows; their sum must be below 1");
            }
            if (partitions != null && partitions < 1) {
                throw new UsageException("--partitions: must be at least 1, got " + partitions);
            }
        }
    }

    public IngestResult run(Request request) throws IOException {
        TableFormat format = TableFormat.of(request.input(), request.format());
        TableColumns columns = new TableColumns(request.input(), request.features(), request.label(), request.task());
        try (JobDescription job = JobDescription.of(spark, "dlspark ingest table")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path output = IngestJob.checkedOutput(request.output(), request.overwrite(), conf);
            Path input = PathOption.of("--input", request.input(), conf);
            if (!HadoopFiles.exists(input, conf)) {
                throw new UsageException("--input " + request.input() + ": no such file or folder");
            }
            long start = System.nanoTime();
            Dataset<Row> table = read(format, input).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                columns.checkSchema(table.schema());
                if (table.isEmpty()) {
                    throw new DataException("--input " + request.input() + ": the table has no rows");
                }
                columns.checkValues(table);
                FitRecords.Prepared prepared = prepare(table, columns, request);
                try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                    ShardManifest manifest = write(prepared, request, format, columns, out.temporary(), conf);
                    ManifestIo.write(manifest, out.temporary(), conf);
                    out.commit();
                    return new IngestResult(out.target().toString(), manifest, (System.nanoTime() - start) / 1e9);
                } finally {
                    prepared.release();
                }
            } finally {
                table.unpersist(false);
            }
        }
    }

    /** The table as Spark reads it; a file it cannot parse is a data error naming it. */
    private Dataset<Row> read(TableFormat format, Path input) {
        try {
            Dataset<Row> table = format.reader(spark).load(input.toString());
            table.schema();
            return table;
        } catch (RuntimeException e) {
            throw new DataException("--input " + input + ": cannot read it as " + format.cliName() + ": "
                + firstLine(e.getMessage()), e);
        }
    }

    /** The features as one float32 array column and the label, checked and prepared as {@link FitRecords} does. */
    private static FitRecords.Prepared prepare(Dataset<Row> table, TableColumns columns, Request request) {
        Column features = functions.array(columns.features().stream()
            .map(f -> TableColumns.column(f).cast(DataTypes.DoubleType)).toArray(Column[]::new));
        Dataset<Row> rows = table.select(features.as(FEATURES), TableColumns.column(columns.label()));
        FitRecords.Columns fit = new FitRecords.Columns(FEATURES, columns.label(), null, null);
        double heldOut = request.validationFraction() + request.testFraction();
        try {
            return request.task() == TableTask.REGRESSION
                ? FitRecords.prepareRegression(rows, fit, heldOut, request.seed())
                : FitRecords.prepare(rows, fit, heldOut, request.seed());
        } catch (UsageException e) {
            throw new DataException("--input " + request.input() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the shards of every split under {@code root} and returns their manifest. */
    private ShardManifest write(FitRecords.Prepared prepared, Request request, TableFormat format, TableColumns columns,
                                Path root, Configuration conf) throws IOException {
        boolean regression = request.task() == TableTask.REGRESSION;
        Dataset<Row> records = prepared.rows().withColumn(ShardSetWriter.SPLIT_COLUMN, split(request));
        ShardManifest.Standardization standardized = request.standardize()
            ? standardization(records, columns.features().size()) : null;
        if (standardized != null) {
            records = records.withColumn(ShardColumns.FEATURES, standardize(standardized));
        }
        Map<String, ShardManifest.SplitCounts> counts = FitRecords.counts(regression
            ? records.withColumn(ShardColumns.LABEL, functions.lit(0)) : records, prepared.labelNames().size());
        long total = counts.values().stream().mapToLong(ShardManifest.SplitCounts::records).sum();
        int shards = request.partitions() != null ? request.partitions() : ShardSetWriter.shardsFor(total);
        String source = Redactor.redact(request.input());
        Column split = functions.col(ShardSetWriter.SPLIT_COLUMN);
        Dataset<Row> rows = records.select(functions.col(ShardColumns.RECORD_ID), functions.col(ShardColumns.LABEL),
                functions.col(ShardColumns.FEATURES), functions.lit(source).as(ShardColumns.SOURCE), split)
            .repartitionByRange(shards, split, functions.col(ShardColumns.RECORD_ID))
            .sortWithinPartitions(split, functions.col(ShardColumns.RECORD_ID));
        ShardSetWriter.write(rows, root);
        counts.forEach((name, c) -> LOG.info("Wrote {} {} records", c.records(), name));
        RegressionTarget target = prepared.target();
        ShardManifest.Table table = new ShardManifest.Table(format.cliName(), columns.features(), columns.label(),
            target == null ? null : new ShardManifest.Target(target.mean(), target.std()), standardized);
        ShardManifest memory = prepared.records().manifest();
        return new ShardManifest(ShardManifest.SCHEMA_VERSION, DATASET, List.of(source), RecordFormat.FEATURES_FLOAT32,
            memory.shape(), prepared.labelNames(), request.seed(), request.validationFraction(), counts,
            ShardSetWriter.files(root, conf), null, new ShardManifest.BadRecords(0, List.of()), Instant.now().toString(),
            Versions.dlspark(), null, null, null, null, null, null, table);
    }

    /**
     * The split: {@link FitRecords} held out validation + test by a seeded hash of the record id; a second hash of it
     * sends each held-out record to test with probability {@code test / (validation + test)}.
     */
    private static Column split(Request request) {
        double heldOut = request.validationFraction() + request.testFraction();
        if (request.testFraction() == 0) {
            return functions.col(ShardSetWriter.SPLIT_COLUMN);
        }
        long threshold = Math.round(request.testFraction() / heldOut * 1_000_000);
        Column hash = functions.pmod(functions.xxhash64(functions.lit(request.seed()), functions.lit(Split.TEST.dirName()),
            functions.col(ShardColumns.RECORD_ID)), functions.lit(1_000_000L));
        return functions.when(functions.col(ShardSetWriter.SPLIT_COLUMN).equalTo(Split.VALIDATION.dirName())
                .and(hash.lt(threshold)), Split.TEST.dirName())
            .otherwise(functions.col(ShardSetWriter.SPLIT_COLUMN));
    }

    /** Each feature's mean and population standard deviation over the training rows (1 where it is constant). */
    private static ShardManifest.Standardization standardization(Dataset<Row> records, int width) {
        Column values = functions.col(ShardColumns.FEATURES);
        Column[] stats = new Column[2 * width];
        for (int i = 0; i < width; i++) {
            stats[2 * i] = functions.avg(values.getItem(i).cast(DataTypes.DoubleType));
            stats[2 * i + 1] = functions.stddev_pop(values.getItem(i).cast(DataTypes.DoubleType));
        }
        Row row = records.filter(functions.col(ShardSetWriter.SPLIT_COLUMN).equalTo(Split.TRAIN.dirName()))
            .agg(stats[0], java.util.Arrays.copyOfRange(stats, 1, stats.length)).first();
        List<Double> means = new java.util.ArrayList<>();
        List<Double> stds = new java.util.ArrayList<>();
        for (int i = 0; i < width; i++) {
            double mean = row.getDouble(2 * i);
            double std = row.getDouble(2 * i + 1);
            means.add(mean);
            stds.add(std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1.0);
        }
        return new ShardManifest.Standardization(List.copyOf(means), List.copyOf(stds));
    }

    /** The features column with each value standardized by {@code s}, as float32. */
    private static Column standardize(ShardManifest.Standardization s) {
        Column values = functions.col(ShardColumns.FEATURES);
        Column[] scaled = new Column[s.means().size()];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = values.getItem(i).cast(DataTypes.DoubleType).minus(s.means().get(i)).divide(s.stds().get(i))
                .cast(DataTypes.FloatType);
        }
        return functions.array(scaled);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
