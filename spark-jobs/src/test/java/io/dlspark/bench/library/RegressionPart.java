package io.dlspark.bench.library;

import io.dlspark.ml.DlsparkRegressor;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.Locale;

/**
 * Part "regression": the Boston house prices (13 features, target medv) through {@code VectorAssembler ->
 * StandardScaler -> regressor}, for {@link DlsparkRegressor} (mlp), Spark ML's {@link LinearRegression} and
 * {@link GBTRegressor}, on the same seeded 80/20 split: test RMSE, MAE and R², and fit time.
 */
public final class RegressionPart {
    private static final String LABEL = "medv";

    private RegressionPart() {
    }

    public static void run(SparkSession spark, LibraryOptions o) {
        Dataset<Row> table = spark.read().option("header", true).option("inferSchema", true).csv(o.boston());
        String[] features = Arrays.stream(table.columns()).filter(c -> !c.equals(LABEL)).toArray(String[]::new);
        Dataset<Row>[] split = table.randomSplit(new double[] {0.8, 0.2}, o.seed());
        Dataset<Row> train = split[0].cache();
        Dataset<Row> test = split[1].cache();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n=== regression: Boston house prices (%s), "
                + "%d train / %d test rows, %d features, seed %d ===%n  %-30s %10s %10s %10s %10s%n", o.boston(),
            train.count(), test.count(), features.length, o.seed(), "model", "RMSE", "MAE", "R2", "fit s"));
        DlsparkRegressor mlp = new DlsparkRegressor().setModel("mlp").setLabelCol(LABEL).setEpochs(o.bostonEpochs())
            .setWorkers(o.workers()).setBatchSize(16).setAveragingFrequency(8).setOptimizer("adam").setLearningRate(1e-3)
            .setSeed(o.seed());
        s.append(line(String.format(Locale.ROOT, "DlsparkRegressor mlp %d ep", o.bostonEpochs()), mlp, features, train, test));
        s.append(line("LinearRegression", new LinearRegression().setLabelCol(LABEL), features, train, test));
        s.append(line("GBTRegressor", new GBTRegressor().setLabelCol(LABEL).setSeed(o.seed()), features, train, test));
        train.unpersist();
        test.unpersist();
        System.out.print(s);
    }

    private static String line(String name, PipelineStage regressor, String[] features, Dataset<Row> train,
                               Dataset<Row> test) {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(features).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true), regressor});
        long t = System.nanoTime();
        PipelineModel model = pipeline.fit(train);
        double seconds = BenchOut.seconds(t);
        Dataset<Row> scored = model.transform(test).cache();
        RegressionEvaluator evaluator = new RegressionEvaluator().setLabelCol(LABEL);
        String out = String.format(Locale.ROOT, "  %-30s %10.3f %10.3f %10.3f %10.1f%n", name,
            evaluator.setMetricName("rmse").evaluate(scored), evaluator.setMetricName("mae").evaluate(scored),
            evaluator.setMetricName("r2").evaluate(scored), seconds);
        scored.unpersist();
        return out;
    }
}
