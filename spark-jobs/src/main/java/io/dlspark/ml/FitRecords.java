package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.artifact.ModelArtifactManifest.RegressionTarget;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.feed.InMemoryRecords;
import io.dlspark.feed.TrainingData;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DataFrame's rows as training records, checked first (errors name the column and the row's 0-based position).
 * Record ids: the id column, else {@code <xxhash64(label, features) in hex>-<n>}, n numbering equal hashes in
 * content order, so ids never depend on partitioning or row order.
 */
public final class FitRecords {
    private static final String F = "__features";
    private static final String L = "__label";
    private static final String I = "__id";
    private static final String V = "__validation";
    private static final String BAD = "__bad";

    /**
     * The columns of the fit: features, label, optionally an id, a validation indicator and instance weights (null for
     * none), and the declared shape of image features (HxWxC; null: a struct image column's first row's).
     */
    public record Columns(String features, String label, String id, String validationIndicator, String imageShape,
                          String weight) {
        public Columns(String features, String label, String id, String validationIndicator) {
            this(features, label, id, validationIndicator, null);
        }

        public Columns(String features, String label, String id, String validationIndicator, String imageShape) {
            this(features, label, id, validationIndicator, imageShape, null);
        }
    }

    /**
     * The prepared records (persisted: {@link #release()} them), their label names (a regressor's: its label column)
     * and feature width, and a regressor's target (null for a classifier).
     */
    public record Prepared(InMemoryRecords records, Dataset<Row> rows, List<String> labelNames, int width,
                           RegressionTarget target) {
        public void release() {
            rows.unpersist(false);
        }
    }

    private FitRecords() {
    }

    /** Checks {@code df} and prepares its rows, the validation split taken by {@code validationFraction} and {@code seed}. */
    public static Prepared prepare(Dataset<Row> df, Columns columns, double validationFraction, long seed) {
        return prepare(df, columns, validationFraction, seed, false);
    }

    /**
     * As {@link #prepare}, with the label a regression target: a finite number, standardized by the training rows'
     * mean and population standard deviation (1 when the target is constant) into a float label column.
     */
    public static Prepared prepareRegression(Dataset<Row> df, Columns columns, double validationFraction, long seed) {
        return prepare(df, columns, validationFraction, seed, true);
    }

    private static Prepared prepare(Dataset<Row> df, Columns columns, double validationFraction, long seed,
                                    boolean regression) {
        StructType schema = df.schema();
        DataType featureType = FeatureColumn.check(schema, columns.features(), "featuresCol");
        ImageShape image = null;
        if (ImageColumn.isImage(featureType)) {
            image = ImageColumn.shape(df, columns.features(), columns.imageShape());
            if (image == null) {
                throw new UsageException("featuresCol '" + columns.features() + "': the DataFrame has no rows to fit");
            }
            ImageColumn.checkRows(df, columns.features(), image);
        }
        DataType labelType = ColumnChecks.require(schema, columns.label(), "labelCol");
        boolean stringLabels = !regression && labelType.equals(DataTypes.StringType);
        if (!stringLabels && !(labelType instanceof NumericType)) {
            throw new UsageException("labelCol '" + columns.label() + "': has type " + labelType.simpleString()
                + (regression ? "; expected a number" : "; expected a number (class index 0..C-1) or a string"));
        }
        List<Column> base = new ArrayList<>(List.of((image != null ? ImageColumn.pixels(featureType, columns.features())
            : FeatureColumn.asFloats(schema, columns.features())).as(F),
            (stringLabels ? functions.col(columns.label()) : functions.col(columns.label()).cast(DataTypes.DoubleType)).as(L)));
        if (columns.id() != null) {
            DataType idType = ColumnChecks.require(schema, columns.id(), "idCol");
            if (!idType.equals(DataTypes.StringType) && !idType.equals(DataTypes.IntegerType)
                && !idType.equals(DataTypes.LongType)) {
                throw new UsageException("idCol '" + columns.id() + "': has type " + idType.simpleString()
                    + "; expected string, int or bigint");
            }
            base.add(functions.col(columns.id()).cast(DataTypes.StringType).as(I));
        }
        if (columns.validationIndicator() != null) {
            DataType type = ColumnChecks.require(schema, columns.validationIndicator(), "validationIndicatorCol");
            if (!type.equals(DataTypes.BooleanType)) {
                throw new UsageException("validationIndicatorCol '" + columns.validationIndicator() + "': has type "
                    + type.simpleString() + "; expected boolean");
            }
            base.add(functions.col(columns.validationIndicator()).as(V));
        }
        if (columns.weight() != null) {
            base.add(InstanceWeights.select(schema, columns.weight()));
        }
        Dataset<Row> rows = df.select(base.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return prepare(rows, columns, labelType,
                stringLabels ? null : Attribute.fromStructField(schema.apply(columns.label())), validationFraction, seed,
                regression, image);
        } finally {
            rows.unpersist(false);
        }
    }

    /** Checks and prepares the selected columns (persisted while the checks pass over them); {@code image}: checked pixels. */
    private static Prepared prepare(Dataset<Row> rows, Columns columns, DataType labelType, Attribute labelAttribute,
                                    double validationFraction, long seed, boolean regression, ImageShape image) {
        boolean stringLabels = !regression && labelType.equals(DataTypes.StringType);
        if (rows.isEmpty()) {
            throw new UsageException("featuresCol '" + columns.features() + "': the DataFrame has no rows to fit");
        }
        int width = image != null ? image.size() : checkFeatures(rows, columns.features());
        List<String> labelNames = regression ? targets(rows, columns) : stringLabels ? stringLabels(rows, columns)
            : numericLabels(rows, columns, labelAttribute);
        if (columns.validationIndicator() != null) {
            failOn(rows, functions.col(V).isNull(), "validationIndicatorCol", columns.validationIndicator(), "is null");
        }
        if (columns.weight() != null) {
            InstanceWeights.checkRows(rows, columns.weight());
        }
        Column index = stringLabels
            ? functions.array_position(functions.array(labelNames.stream().map(functions::lit).toArray(Column[]::new)),
                functions.col(L)).minus(1).cast(DataTypes.IntegerType)
            : functions.col(L).cast(DataTypes.IntegerType);
        Column id = columns.id() != null ? functions.col(I) : contentId();
        Column split = columns.validationIndicator() != null
            ? functions.when(functions.col(V), Split.VALIDATION.dirName()).otherwise(Split.TRAIN.dirName())
            : validationFraction > 0
            ? functions.when(functions.pmod(functions.xxhash64(functions.lit(seed), functions.col(ShardColumns.RECORD_ID)),
                functions.lit(1_000_000L)).lt(Math.round(validationFraction * 1_000_000)), Split.VALIDATION.dirName())
                .otherwise(Split.TRAIN.dirName())
            : functions.lit(Split.TRAIN.dirName());
        Dataset<Row> placed = rows.withColumn(ShardColumns.RECORD_ID, id).withColumn(InMemoryRecords.SPLIT, split);
        RegressionTarget target = regression ? target(placed, columns.label(), validationFraction) : null;
        Column label = regression ? functions.col(L).minus(target.mean()).divide(target.std()).cast(DataTypes.FloatType)
            : index;
        List<Column> kept = new ArrayList<>(List.of(functions.col(ShardColumns.RECORD_ID), label.as(ShardColumns.LABEL),
            functions.col(F).as(image != null ? ShardColumns.PIXELS : ShardColumns.FEATURES),
            functions.col(InMemoryRecords.SPLIT)));
        if (columns.weight() != null) {
            kept.add(functions.col(InstanceWeights.W).as(TrainingData.WEIGHT));
        }
        Dataset<Row> records = placed.select(kept.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            if (columns.id() != null) {
                checkIds(records, columns.id());
            }
            if (columns.weight() != null) {
                InstanceWeights.checkTraining(records, columns.weight());
            }
            Map<String, ShardManifest.SplitCounts> counts = counts(regression
                ? records.withColumn(ShardColumns.LABEL, functions.lit(0)) : records, labelNames.size());
            if (!counts.containsKey(Split.TRAIN.dirName())) {
                throw new UsageException("validationFraction " + validationFraction + ": left no training rows of "
                    + records.count());
            }
            ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, "dataframe", List.of(),
                image != null ? RecordFormat.IMAGE_UINT8_HWC : RecordFormat.FEATURES_FLOAT32,
                image != null ? image : new ImageShape(1, width, 1), labelNames, seed, validationFraction, counts,
                List.of(), List.of(), new ShardManifest.BadRecords(0, List.of()), null, Versions.dlspark());
            String description = "DataFrame (featuresCol '" + columns.features() + "', labelCol '" + columns.label() + "')";
            return new Prepared(new InMemoryRecords(records, manifest, description), records, labelNames, width, target);
        } catch (RuntimeException e) {
            records.unpersist(false);
            throw e;
        }
    }

    /** Checks that every label is a finite number; the one label name is the label column's. */
    private static List<String> targets(Dataset<Row> rows, Columns columns) {
        failOn(rows, functions.col(L).isNull().or(functions.isnan(functions.col(L)))
                .or(functions.abs(functions.col(L)).equalTo(Double.POSITIVE_INFINITY)), "labelCol", columns.label(),
            "is null, NaN or infinite; a regression target must be a finite number");
        return List.of(columns.label());
    }

    /** The target's mean and population standard deviation over the training rows (std 1 for a constant target). */
    private static RegressionTarget target(Dataset<Row> rows, String label, double validationFraction) {
        Row stats = rows.filter(functions.col(InMemoryRecords.SPLIT).equalTo(Split.TRAIN.dirName()))
            .agg(functions.avg(functions.col(L)), functions.stddev_pop(functions.col(L))).first();
        if (stats.isNullAt(0)) {
            throw new UsageException("validationFraction " + validationFraction + ": left no training rows");
        }
        double std = stats.getDouble(1);
        return new RegressionTarget(label, stats.getDouble(0), std > 1e-12 * Math.max(1, Math.abs(stats.getDouble(0)))
            ? std : 1);
    }

    /** A record id from the row's content: its hash and its rank among rows of equal hash. */
    private static Column contentId() {
        Column hash = functions.lpad(functions.hex(functions.xxhash64(functions.col(L), functions.col(F))), 16, "0");
        Column rank = functions.row_number().over(Window.partitionBy(hash).orderBy(functions.col(L), functions.col(F)));
        return functions.concat(hash, functions.lit("-"), rank.cast(DataTypes.StringType));
    }

    /** Every feature row non-null, finite and of the first row's width; returns that width. */
    private static int checkFeatures(Dataset<Row> rows, String column) {
        Column size = functions.size(functions.col(F));
        List<Object> sizes = check(rows, List.of(
                new RowCheck(functions.col(F).isNull(), "featuresCol", column, "is null"),
                new RowCheck(functions.expr("exists(" + F + ", x -> isnan(x) OR x = double('inf') OR x = double('-inf'))"),
                    "featuresCol", column, FeatureColumn.NOT_FINITE)),
            functions.min(size), functions.max(size));
        boolean oneWidth = sizes.get(0).equals(sizes.get(1));
        int width = oneWidth ? (Integer) sizes.get(0) : rows.select(size).first().getInt(0);
        if (width == 0) {
            throw new UsageException("featuresCol '" + column + "': row 0 has no values");
        }
        if (!oneWidth) {
            failOn(rows, size.notEqual(width), "featuresCol", column,
                "has a different number of values than row 0 (" + width + ")");
        }
        return width;
    }

    /** Class indices 0..C-1: integral and non-negative, and below the label's nominal attribute size if it has one. */
    private static List<String> numericLabels(Dataset<Row> rows, Columns columns, Attribute attribute) {
        String label = columns.label();
        List<RowCheck> checks = new ArrayList<>(List.of(
            new RowCheck(functions.col(L).isNull().or(functions.isnan(functions.col(L))), "labelCol", label,
                "is null or NaN"),
            new RowCheck(functions.col(L).notEqual(functions.floor(functions.col(L))), "labelCol", label,
                "is not integral; labels are class indices 0..C-1 or strings"),
            new RowCheck(functions.col(L).lt(0), "labelCol", label, "is negative; labels are class indices 0..C-1")));
        String[] nominalNames = attribute instanceof NominalAttribute nominal && nominal.values().isDefined()
            ? nominal.values().get() : null;
        if (nominalNames != null) {
            checks.add(new RowCheck(functions.col(L).geq(nominalNames.length), "labelCol", label,
                "is out of range: the column's metadata names " + nominalNames.length + " classes"));
        }
        double max = (Double) check(rows, checks, functions.max(functions.col(L))).get(0);
        if (nominalNames != null) {
            return List.of(nominalNames);
        }
        if (max > 100_000) {
            failOn(rows, functions.col(L).gt(100_000), "labelCol", label, "is out of range: class indices above 100000");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= (int) max; c++) {
            names.add(Integer.toString(c));
        }
        if (names.size() < 2) {
            throw new UsageException("labelCol '" + label + "': every row has label 0; a classifier needs at least 2 classes");
        }
        return names;
    }

    /**
     * Label names ordered as Spark's StringIndexer orders them (most frequent first, ties alphabetically), from the
     * training rows; a validation row whose label no training row has is an error.
     */
    private static List<String> stringLabels(Dataset<Row> rows, Columns columns) {
        failOn(rows, functions.col(L).isNull(), "labelCol", columns.label(), "is null");
        Dataset<Row> training = columns.validationIndicator() == null ? rows
            : rows.filter(functions.not(functions.coalesce(functions.col(V), functions.lit(false))));
        List<String> names = training.groupBy(L).count()
            .orderBy(functions.col("count").desc(), functions.col(L).asc())
            .collectAsList().stream().map(r -> r.getString(0)).toList();
        if (names.size() < 2) {
            throw new UsageException("labelCol '" + columns.label() + "': the training rows have only the label "
                + names + "; a classifier needs at least 2 classes");
        }
        if (columns.validationIndicator() != null) {
            failOn(rows, functions.col(V).and(functions.not(functions.col(L).isin(names.toArray()))), "labelCol",
                columns.label(), "is a validation row whose label no training row has");
        }
        return names;
    }

    private static void checkIds(Dataset<Row> records, String column) {
        failOn(records, functions.col(ShardColumns.RECORD_ID).isNull(), "idCol", column, "is null");
        List<Row> repeated = records.groupBy(ShardColumns.RECORD_ID).count().filter(functions.col("count").gt(1))
            .limit(1).collectAsList();
        if (!repeated.isEmpty()) {
            throw new UsageException("idCol '" + column + "': the id '" + repeated.get(0).getString(0) + "' is on "
                + repeated.get(0).getLong(1) + " rows; ids must be unique");
        }
    }

    /** Records per split and class. */
    public static Map<String, ShardManifest.SplitCounts> counts(Dataset<Row> records, int classes) {
        Map<String, long[]> perClass = new LinkedHashMap<>();
        for (Row row : records.groupBy(InMemoryRecords.SPLIT, ShardColumns.LABEL).count().collectAsList()) {
            perClass.computeIfAbsent(row.getString(0), s -> new long[classes])[row.getInt(1)] = row.getLong(2);
        }
        Map<String, ShardManifest.SplitCounts> counts = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            long[] c = perClass.get(split.dirName());
            if (c != null) {
                counts.put(split.dirName(), new ShardManifest.SplitCounts(java.util.Arrays.stream(c).sum(), c));
            }
        }
        return counts;
    }

    /** A condition no row may meet (null counts as not met), and the words of the error when a row does. */
    public record RowCheck(Column bad, String param, String column, String problem) {
    }

    /**
     * Runs {@code checks} over {@code rows} in one pass that also computes {@code aggregates}, whose values it returns;
     * fails as {@link #failOn} does on the first check, in order, that some row meets.
     */
    public static List<Object> check(Dataset<Row> rows, List<RowCheck> checks, Column... aggregates) {
        List<Column> all = new ArrayList<>();
        for (RowCheck c : checks) {
            all.add(functions.max(functions.coalesce(c.bad(), functions.lit(false)).cast(DataTypes.IntegerType)));
        }
        all.addAll(List.of(aggregates));
        Row result = rows.agg(all.get(0), all.subList(1, all.size()).toArray(new Column[0])).first();
        for (int k = 0; k < checks.size(); k++) {
            if (!result.isNullAt(k) && result.getInt(k) == 1) {
                RowCheck c = checks.get(k);
                failOn(rows, c.bad(), c.param(), c.column(), c.problem());
            }
        }
        List<Object> values = new ArrayList<>();
        for (int k = checks.size(); k < all.size(); k++) {
            values.add(result.get(k));
        }
        return values;
    }

    /**
     * Fails naming the first row (0-based, in the DataFrame's order) where {@code bad} holds, with its id when the
     * rows have one; does nothing when no row does.
     */
    public static void failOn(Dataset<Row> rows, Column bad, String param, String column, String problem) {
        Dataset<Row> flagged = rows.withColumn(BAD, functions.coalesce(bad, functions.lit(false)));
        if (flagged.filter(functions.col(BAD)).isEmpty()) {
            return;
        }
        int flag = flagged.schema().fieldIndex(BAD);
        Tuple2<Row, Long> first = flagged.javaRDD().zipWithIndex().filter(t -> t._1().getBoolean(flag)).first();
        String id = java.util.Arrays.asList(rows.columns()).contains(I) && !first._1().isNullAt(first._1().fieldIndex(I))
            ? " (id " + first._1().getString(first._1().fieldIndex(I)) + ")" : "";
        throw new UsageException(param + " '" + column + "': row " + first._2() + id + " " + problem);
    }
}
