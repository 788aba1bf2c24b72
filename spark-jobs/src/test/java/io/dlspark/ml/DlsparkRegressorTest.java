package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.eval.RegressionSums;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark ML regressor: accuracy against the noise and LinearRegression, metrics, label units, persistence, bad input. */
class DlsparkRegressorTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DlsparkRegressorTest.class);
    private static final double NOISE = 0.1;
    private static SparkSession spark;
    private static Dataset<Row> train;
    private static Dataset<Row> test;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        Dataset<Row>[] split = LinearTable.frame(spark, 600, NOISE, 3).randomSplit(new double[] {0.8, 0.2}, 11);
        train = split[0].cache();
        test = split[1].cache();
    }

    static DlsparkRegressor regressor() {
        return new DlsparkRegressor().setModel("mlp").setLabelCol("y").setEpochs(30).setWorkers(2).setBatchSize(16)
            .setAveragingFrequency(4).setOptimizer("adam").setLearningRate(3e-3).setSeed(5);
    }

    private static double metric(Dataset<Row> scored, String name) {
        return new RegressionEvaluator().setLabelCol("y").setMetricName(name).evaluate(scored);
    }

    @Test
    void learnsALinearTargetToNearTheNoiseLevelAndWithinAFactorOfLinearRegression() {
        DlsparkRegressionModel model = regressor().fit(train);
        Dataset<Row> scored = model.transform(test).cache();
        double rmse = metric(scored, "rmse");
        double mae = metric(scored, "mae");
        double r2 = metric(scored, "r2");
        Dataset<Row> linear = new LinearRegression().setLabelCol("y").fit(train).transform(test);
        double linearRmse = metric(linear, "rmse");
        LOG.info("y = 3 x1 - 2 x2 + 5 + N(0, {}²), {} train / {} test rows: dlspark RMSE {} MAE {} R² {}; "
                + "LinearRegression RMSE {} MAE {} R² {}", NOISE, train.count(), test.count(), rmse, mae, r2, linearRmse,
            metric(linear, "mae"), metric(linear, "r2"));
        assertTrue(rmse < 2.5 * NOISE, "RMSE " + rmse + " should be near the noise " + NOISE);
        assertTrue(rmse < 2.5 * linearRmse, "RMSE " + rmse + " vs LinearRegression's " + linearRmse);
        assertTrue(r2 > 0.99, "R² " + r2);

        // Spark's evaluator agrees with a single-machine computation over the collected pairs
        RegressionSums sums = new RegressionSums();
        List<Row> pairs = scored.select("prediction", "y").collectAsList();
        for (Row pair : pairs) {
            sums.add(pair.getDouble(0), pair.getDouble(1));
        }
        assertEquals(sums.rmse(), rmse, 1e-9);
        assertEquals(sums.mae(), mae, 1e-9);
        assertEquals(sums.r2(), r2, 1e-9);

        // the target was standardized by the training rows' mean and population std, recorded in the model
        Row stats = train.agg(functions.avg("y"), functions.stddev_pop("y")).first();
        ModelArtifactManifest.RegressionTarget target = model.target();
        assertEquals("y", target.label());
        assertEquals(stats.getDouble(0), target.mean(), 1e-9);
        assertEquals(stats.getDouble(1), target.std(), 1e-9);
        assertEquals(2, model.numFeatures());
        UsageException asClassifier = assertThrows(UsageException.class,
            () -> new DlsparkClassificationModel("c", model.artifact(), model.network()));
        assertEquals("model mlp: a regressor of 'y'; load it as a DlsparkRegressionModel", asClassifier.getMessage());
    }

    @Test
    void inAPipelineItValidatesKeepsTheBestEpochAndSavesAndLoads() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("assembled"),
            regressor().setFeaturesCol("assembled").setEpochs(6).setValidationFraction(0.2).setKeepBest("loss")});
        PipelineModel fitted = pipeline.fit(train.drop("features"));
        DlsparkRegressionModel model = (DlsparkRegressionModel) fitted.stages()[1];
        assertTrue(model.artifact().finalMetrics().containsKey("validationRmse"), model.artifact().finalMetrics().toString());
        assertTrue(model.artifact().finalMetrics().containsKey("keptEpoch"), model.artifact().finalMetrics().toString());
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        Dataset<Row> input = test.drop("features");
        assertEquals(fitted.transform(input).select("prediction").collectAsList(),
            loaded.transform(input).select("prediction").collectAsList());
        DlsparkRegressionModel again = (DlsparkRegressionModel) loaded.stages()[1];
        assertEquals(model.target(), again.target());
        assertEquals("assembled", again.getFeaturesCol());
    }

    @Test
    void crossValidatorPicksTheLearningRateThatFitsByRmse() {
        DlsparkRegressor regressor = regressor().setEpochs(4);
        ParamMap[] grid = new ParamGridBuilder().addGrid(regressor.learningRate(), new double[] {1e-6, 3e-3}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(regressor).setEstimatorParamMaps(grid)
            .setEvaluator(new RegressionEvaluator().setLabelCol("y").setMetricName("rmse")).setNumFolds(2).setSeed(3)
            .fit(train);
        LOG.info("CrossValidator RMSE by learning rate 1e-6, 3e-3: {}", java.util.Arrays.toString(cv.avgMetrics()));
        assertTrue(cv.avgMetrics()[1] < cv.avgMetrics()[0] / 2, "3e-3 fits in 4 epochs, 1e-6 does not");
        DlsparkRegressionModel best = (DlsparkRegressionModel) cv.bestModel();
        assertEquals(3e-3, best.artifact().training().learningRate(), 1e-12);
        assertEquals("y", best.target().label());
    }

    @Test
    void badInputIsAOneLineErrorNamingTheColumnBeforeAnyTraining() {
        UsageException type = assertThrows(UsageException.class,
            () -> regressor().setLabelCol("features").fit(train));
        assertEquals("labelCol 'features': has type vector; expected a number", type.getMessage());
        Dataset<Row> nan = train.withColumn("y", functions.when(functions.col("x1").gt(0.9), Double.NaN)
            .otherwise(functions.col("y")));
        UsageException label = assertThrows(UsageException.class, () -> regressor().fit(nan));
        assertTrue(label.getMessage().startsWith("labelCol 'y': row "), label.getMessage());
        assertTrue(label.getMessage().endsWith("is null, NaN or infinite; a regression target must be a finite number"),
            label.getMessage());
        UsageException accuracy = assertThrows(UsageException.class,
            () -> regressor().setValidationFraction(0.2).setKeepBest("accuracy").fit(train));
        assertTrue(accuracy.getMessage().contains("a regressor has no accuracy"), accuracy.getMessage());
        UsageException missing = assertThrows(UsageException.class, () -> regressor().setLabelCol("price").fit(train));
        assertTrue(missing.getMessage().startsWith("labelCol 'price': no such column"), missing.getMessage());
    }
}
