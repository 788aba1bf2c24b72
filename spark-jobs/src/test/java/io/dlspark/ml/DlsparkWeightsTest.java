package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instance weights ({@code weightCol}) of the classifier and the regressor: no-op at 1, an effect at 0, bad weights. */
class DlsparkWeightsTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DlsparkWeightsTest.class);
    private static SparkSession spark;
    private static Dataset<Row> blobs;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        blobs = Blobs.frame(spark, 240, 3, 7).cache();
    }

    private static DlsparkClassifier classifier() {
        return new DlsparkClassifier().setModel("mlp").setEpochs(4).setWorkers(2).setBatchSize(16)
            .setAveragingFrequency(2).setOptimizer("adam").setLearningRate(1e-2).setSeed(5);
    }

    private static float[] params(DlsparkModel<?> model) {
        return NetworkState.of(model.network()).params();
    }

    @Test
    void weightsOfOneFitToParametersBitIdenticalToNoWeightCol() {
        Dataset<Row> ones = blobs.withColumn("w", functions.lit(1));
        DlsparkClassificationModel plain = classifier().setEpochs(2).setValidationFraction(0.2).fit(blobs);
        DlsparkClassificationModel weighted = classifier().setEpochs(2).setValidationFraction(0.2).setWeightCol("w")
            .fit(ones);
        assertArrayEquals(params(plain), params(weighted), "classifier");
        assertEquals(plain.artifact().finalMetrics(), weighted.artifact().finalMetrics(), "validation metrics");

        Dataset<Row> table = LinearTable.frame(spark, 200, 0.1, 3).withColumn("w", functions.lit(1.0));
        DlsparkRegressor regressor = new DlsparkRegressor().setModel("mlp").setLabelCol("y").setEpochs(2).setWorkers(2)
            .setBatchSize(16).setSeed(4);
        assertArrayEquals(params(regressor.fit(table)), params(regressor.copy(
            new org.apache.spark.ml.param.ParamMap()).setWeightCol("w").fit(table)), "regressor");
    }

    /** The mean probability of class 0 that {@code model} gives the clean class-0 rows. */
    private static double classZeroProbability(DlsparkClassificationModel model) {
        return model.transform(blobs.filter(functions.col("label").equalTo(0.0))).select("probability").collectAsList()
            .stream().mapToDouble(r -> ((Vector) r.get(0)).apply(0)).average().orElseThrow();
    }

    @Test
    void zeroWeightsOnContradictingCopiesLeaveTheModelAsIfTheyWereAbsent() {
        Dataset<Row> clean = blobs.withColumn("w", functions.lit(1.0));
        Dataset<Row> contradicting = blobs.filter(functions.col("label").equalTo(0.0))
            .withColumn("label", functions.lit(1.0)).withColumn("w", functions.lit(0.0));
        Dataset<Row> both = clean.unionByName(contradicting);
        double weighted = classZeroProbability(classifier().setWeightCol("w").fit(both));
        double unweighted = classZeroProbability(classifier().fit(both));
        double absent = classZeroProbability(classifier().fit(blobs));
        LOG.info("mean P(class 0) on clean class-0 rows: contradicting copies at weight 0 {}, unweighted {}, absent {}",
            weighted, unweighted, absent);
        assertTrue(weighted > 0.85, "weight 0 silences the copies: " + weighted);
        assertTrue(unweighted < 0.65, "unweighted, the copies pull class 0 towards class 1: " + unweighted);
        assertEquals(absent, weighted, 0.05, "weight 0 is nearly as if the copies were absent (other minibatches)");
    }

    private static void fails(String expected, Executable fit) {
        UsageException e = assertThrows(UsageException.class, fit);
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** The blobs (one partition) with weight 1 except {@code value} at row {@code row}. */
    private static Dataset<Row> weightsWith(int row, Object value) {
        Dataset<Row> indexed = blobs.coalesce(1).withColumn("i", functions.monotonically_increasing_id());
        return indexed.withColumn("w", functions.when(functions.col("i").equalTo(row), functions.lit(value).cast("double"))
            .otherwise(functions.lit(1.0))).drop("i");
    }

    @Test
    void badWeightsFailNamingTheColumnAndTheRow() {
        DlsparkClassifier weighted = classifier().setEpochs(1).setWeightCol("w");
        String rule = "; instance weights must be finite numbers >= 0";
        fails("weightCol 'w': row 3 is null" + rule, () -> weighted.fit(weightsWith(3, null)));
        fails("weightCol 'w': row 5 is negative" + rule, () -> weighted.fit(weightsWith(5, -0.5)));
        fails("weightCol 'w': row 7 is NaN or infinite (as float32)" + rule, () -> weighted.fit(weightsWith(7, Double.NaN)));
        fails("weightCol 'w': row 2 is NaN or infinite (as float32)" + rule,
            () -> weighted.fit(weightsWith(2, Double.POSITIVE_INFINITY)));
        fails("weightCol 'w': row 4 is NaN or infinite (as float32)" + rule, () -> weighted.fit(weightsWith(4, 1e300)));
        fails("weightCol 'w': every training row has weight 0; nothing would be learned",
            () -> weighted.fit(blobs.withColumn("w", functions.lit(0))));
        fails("weightCol 'w': has type string; expected a number", () -> weighted.fit(blobs.withColumn("w", functions.lit("1"))));
        fails("weightCol 'weight': no such column; the DataFrame has x0, x1, x2, x3, label, name, features",
            () -> classifier().setWeightCol("weight").fit(blobs));
    }
}
