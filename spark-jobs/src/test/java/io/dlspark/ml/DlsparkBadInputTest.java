package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.SparkException;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the estimator and the model: one-line errors naming the column, and the row at fault. */
class DlsparkBadInputTest {
    private static SparkSession spark;
    private static Dataset<Row> blobs;
    private static DlsparkClassificationModel fitted;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        blobs = Blobs.frame(spark, 30, 3, 7).coalesce(1).cache();
    }

    private static DlsparkClassifier classifier() {
        return new DlsparkClassifier().setModel("mlp").setEpochs(1).setWorkers(2).setBatchSize(8).setSeed(5);
    }

    /** A model fitted on the blobs, fitted once for the transform tests. */
    private static synchronized DlsparkClassificationModel fitted() {
        if (fitted == null) {
            fitted = classifier().fit(blobs);
        }
        return fitted;
    }

    private static void fails(String expected, Executable fit) {
        UsageException e = assertThrows(UsageException.class, fit);
        assertEquals(expected, e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    /** Blobs with the features of row {@code row} replaced by an array<double> holding {@code value}. */
    private static Dataset<Row> arraysWith(int row, double value) {
        Dataset<Row> arrays = blobs.withColumn("features", org.apache.spark.ml.functions.vector_to_array(
            functions.col("features"), "float64")).withColumn("i", functions.monotonically_increasing_id());
        return arrays.withColumn("features", functions.when(functions.col("i").equalTo(row),
            functions.array(functions.lit(1.0), functions.lit(value), functions.lit(1.0), functions.lit(1.0)))
            .otherwise(functions.col("features"))).drop("i").coalesce(1);
    }

    @Test
    void missingColumn() {
        fails("featuresCol 'vec': no such column; the DataFrame has x0, x1, x2, x3, label, name, features",
            () -> classifier().setFeaturesCol("vec").fit(blobs));
    }

    @Test
    void wrongColumnTypes() {
        fails("featuresCol 'name': has type string; expected a Spark ML Vector, array<float>, "
            + "array<double>, Spark's image struct or binary pixels",
            () -> classifier().setFeaturesCol("name").fit(blobs));
        fails("labelCol 'features': has type vector; expected a number (class index 0..C-1) or a string",
            () -> classifier().setLabelCol("features").fit(blobs));
    }

    @Test
    void nanAndInfiniteFeaturesNameTheRow() {
        fails("featuresCol 'features': row 4 has a NaN or infinite value (as float32)",
            () -> classifier().fit(arraysWith(4, Double.NaN)));
        fails("featuresCol 'features': row 7 has a NaN or infinite value (as float32)",
            () -> classifier().fit(arraysWith(7, Double.NEGATIVE_INFINITY)));
        fails("featuresCol 'features': row 2 has a NaN or infinite value (as float32)",
            () -> classifier().fit(arraysWith(2, 1e300)));
    }

    @Test
    void labelsOutOfRangeOrNotIntegralNameTheRow() {
        Dataset<Row> indexed = blobs.withColumn("i", functions.monotonically_increasing_id()).coalesce(1);
        fails("labelCol 'label': row 5 is negative; labels are class indices 0..C-1",
            () -> classifier().fit(indexed.withColumn("label",
                functions.when(functions.col("i").equalTo(5), -1.0).otherwise(functions.col("label")))));
        fails("labelCol 'label': row 3 is not integral; labels are class indices 0..C-1 or strings",
            () -> classifier().fit(indexed.withColumn("label",
                functions.when(functions.col("i").equalTo(3), 1.5).otherwise(functions.col("label")))));
        Dataset<Row> nominal = indexed.withColumn("label",
            functions.when(functions.col("i").equalTo(6), 3.0).otherwise(functions.col("label")).as("label",
                NominalAttribute.defaultAttr().withValues(new String[] {"a", "b", "c"}).toMetadata()));
        fails("labelCol 'label': row 6 is out of range: the column's metadata names 3 classes",
            () -> classifier().fit(nominal));
    }

    @Test
    void emptyDataFrame() {
        fails("featuresCol 'features': the DataFrame has no rows to fit", () -> classifier().fit(blobs.limit(0)));
    }

    @Test
    void unseenStringLabelInValidationRows() {
        Dataset<Row> marked = blobs.withColumn("i", functions.monotonically_increasing_id()).coalesce(1)
            .withColumn("validation", functions.col("i").geq(24))
            .withColumn("name", functions.when(functions.col("i").equalTo(27), "yak").otherwise(functions.col("name")));
        fails("labelCol 'name': row 27 is a validation row whose label no training row has",
            () -> classifier().setLabelCol("name").setValidationIndicatorCol("validation").fit(marked));
    }

    @Test
    void aMissingWeightColAndBadParamsAreRejectedBeforeAnyJob() {
        fails("weightCol 'w': no such column; the DataFrame has x0, x1, x2, x3, label, name, features",
            () -> classifier().setWeightCol("w").fit(blobs));
        fails("batchSize: must be between 1 and 1000000, got 0", () -> classifier().setBatchSize(0).fit(blobs));
        fails("keepBest 'loss': needs validation rows; set validationFraction > 0 or validationIndicatorCol",
            () -> classifier().setKeepBest("loss").fit(blobs));
        fails("keepBest map: ranks a detector's epochs (kind = yolo) by validation mAP@0.5; a Spark ML estimator's "
            + "network is not a detector (keep its best epoch by loss or accuracy)",
            () -> classifier().setKeepBest("map").setValidationFraction(0.2).fit(blobs));
        fails("validationFraction: must be in [0, 1), got 1.0", () -> classifier().setValidationFraction(1).fit(blobs));
    }

    @Test
    void optimizerParamErrorsNameTheParams() {
        fails("learningRate: must be a positive number, got -0.1", () -> classifier().setLearningRate(-0.1).fit(blobs));
        fails("optimizer: unknown optimizer 'adagrad' (expected sgd, nesterov, adam, adamw, rmsprop)",
            () -> classifier().setOptimizer("adagrad").fit(blobs));
    }

    @Test
    void imageArtifactsLoadAsImageModels() {
        io.dlspark.core.artifact.ModelArtifactManifest images = new io.dlspark.core.artifact.ModelArtifactManifest(
            io.dlspark.core.artifact.ModelArtifactManifest.FORMAT_VERSION, "lenet",
            io.dlspark.core.nn.NetworkKind.MULTI_LAYER, new io.dlspark.core.data.ImageShape(28, 28, 1), true,
            List.of("a", "b"), 10, null, null, java.util.Map.of(), java.util.Map.of(), "2026-01-01T00:00:00Z");
        assertTrue(new DlsparkClassificationModel("m", images, null).imageInput());
    }

    @Test
    void vectorOfTheWrongSizeAtTransformNamesTheRow() {
        DlsparkClassificationModel model = fitted();
        Dataset<Row> bad = spark.createDataFrame(List.of(
            org.apache.spark.sql.RowFactory.create(Vectors.dense(1, 2, 3, 4)),
            org.apache.spark.sql.RowFactory.create(Vectors.dense(1, 2, 3))),
            new org.apache.spark.sql.types.StructType().add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType()))
            .coalesce(1);
        SparkException e = assertThrows(SparkException.class, () -> model.transform(bad).collectAsList());
        assertTrue(e.getMessage().contains("featuresCol 'features': row 1 of partition 0 has 3 values; the model takes 4"),
            e.getMessage());
        fails("featuresCol 'features': has type string; expected a Spark ML Vector, array<float>, "
            + "array<double>, Spark's image struct or binary pixels",
            () -> model.transform(bad.withColumn("features", functions.lit("x").cast(DataTypes.StringType))));
        fails("predictionCol 'prediction': the DataFrame already has a column of that name",
            () -> model.transform(bad.withColumn("prediction", functions.lit(1.0))));
    }

    @Test
    void nanAndInfiniteFeaturesAtTransformNameTheRow() {
        DlsparkClassificationModel model = fitted();
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e300}) {
            Dataset<Row> bad = arraysWith(5, value).drop("label");
            SparkException e = assertThrows(SparkException.class, () -> model.transform(bad).collectAsList());
            assertTrue(e.getMessage().contains(
                "featuresCol 'features': row 5 of partition 0 has a NaN or infinite value (as float32)"), e.getMessage());
        }
        assertEquals(30, model.transform(arraysWith(5, 2.0)).count());
    }
}
