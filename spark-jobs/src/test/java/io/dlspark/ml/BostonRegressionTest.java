package io.dlspark.ml;

import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Boston house prices (data/boston, from {@code deploy/fetch-datasets.sh boston}; skipped without it) through
 * {@code VectorAssembler -> StandardScaler -> DlsparkRegressor}, against LinearRegression and GBTRegressor on the
 * same split.
 */
class BostonRegressionTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BostonRegressionTest.class);

    @Test
    void anMlpBeatsLinearRegressionOnTheBostonHousePrices() {
        Path csv = ProjectDir.get().resolve("data/boston/data.csv");
        assumeTrue(Files.isRegularFile(csv), "no " + csv + " (deploy/fetch-datasets.sh boston)");
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> table = spark.read().option("header", true).option("inferSchema", true).csv(csv.toString());
        assertEquals(506, table.count());
        String[] features = Arrays.stream(table.columns()).filter(c -> !c.equals("medv")).toArray(String[]::new);
        Dataset<Row>[] split = table.randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = split[0].cache();
        Dataset<Row> test = split[1].cache();
        VectorAssembler assembler = new VectorAssembler().setInputCols(features).setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
        DlsparkRegressor regressor = new DlsparkRegressor().setModel("mlp").setLabelCol("medv").setEpochs(60)
            .setWorkers(2).setBatchSize(16).setAveragingFrequency(8).setOptimizer("adam").setLearningRate(1e-3)
            .setSeed(7);
        double mlp = rmse(new Pipeline().setStages(new PipelineStage[] {assembler, scaler, regressor}), train, test);
        double linear = rmse(new Pipeline().setStages(new PipelineStage[] {assembler, scaler,
            new LinearRegression().setLabelCol("medv")}), train, test);
        double gbt = rmse(new Pipeline().setStages(new PipelineStage[] {assembler, scaler,
            new GBTRegressor().setLabelCol("medv").setSeed(7)}), train, test);
        LOG.info("Boston house prices, {} train / {} test rows: test RMSE DlsparkRegressor (mlp) {}, LinearRegression {}, "
            + "GBTRegressor {}", train.count(), test.count(), mlp, linear, gbt);
        assertTrue(mlp < linear, "mlp RMSE " + mlp + " vs LinearRegression's " + linear);
    }

    private static double rmse(Pipeline pipeline, Dataset<Row> train, Dataset<Row> test) {
        return new RegressionEvaluator().setLabelCol("medv").setMetricName("rmse")
            .evaluate(pipeline.fit(train).transform(test));
    }
}
