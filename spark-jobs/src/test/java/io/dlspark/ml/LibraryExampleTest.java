package io.dlspark.ml;

import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java examples of docs/library.md, compiled and run; the document quotes exactly these lines. */
class LibraryExampleTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void theDocumentedExampleTrainsScoresSavesAndLoads() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> training = Blobs.frame(spark, 240, 3, 11);
        String path = dir.resolve("my-model").toString();
        // example-start
        DlsparkClassifier classifier = new DlsparkClassifier()      // features: Vector, label: 0..C-1
            .setModel("mlp").setEpochs(10).setWorkers(2).setBatchSize(16)
            .setOptimizer("adam").setLearningRate(0.01).setSeed(7);
        DlsparkClassificationModel model = classifier.fit(training);
        Dataset<Row> scored = model.transform(training);          // + rawPrediction, probability, prediction
        double accuracy = new MulticlassClassificationEvaluator()
            .setMetricName("accuracy").evaluate(scored);
        model.write().overwrite().save(path);
        DlsparkClassificationModel again = DlsparkClassificationModel.load(path);
        // example-end
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
        assertEquals(scored.select("probability").collectAsList(),
            again.transform(training).select("probability").collectAsList());

        assertQuoted("example");
    }

    @Test
    void theDocumentedRegressionExampleTrainsScoresSavesAndLoads() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> table = LinearTable.frame(spark, 300, 0.1, 13);
        String path = dir.resolve("my-regressor").toString();
        // regression-example-start
        DlsparkRegressor regressor = new DlsparkRegressor()       // features: Vector, label: a number
            .setModel("mlp").setLabelCol("y").setEpochs(20).setWorkers(2)
            .setBatchSize(16).setLearningRate(0.003).setSeed(7);
        DlsparkRegressionModel model = regressor.fit(table);
        Dataset<Row> scored = model.transform(table);             // + prediction, in label units
        double rmse = new RegressionEvaluator().setLabelCol("y")
            .setMetricName("rmse").evaluate(scored);
        model.write().overwrite().save(path);
        DlsparkRegressionModel again = DlsparkRegressionModel.load(path);
        // regression-example-end
        assertTrue(rmse < 0.5, "rmse " + rmse);
        assertEquals(scored.select("prediction").collectAsList(),
            again.transform(table).select("prediction").collectAsList());
        assertQuoted("regression-example");
    }

    /** docs/library.md quotes the lines between {@code // <marker>-start} and {@code // <marker>-end} exactly. */
    private static void assertQuoted(String marker) throws java.io.IOException {
        List<String> source = Files.readAllLines(ProjectDir.get().resolve(
            "spark-jobs/src/test/java/io/dlspark/ml/LibraryExampleTest.java"));
        String example = source.subList(source.indexOf("        // " + marker + "-start") + 1,
            source.indexOf("        // " + marker + "-end")).stream().map(l -> l.substring(8)).collect(Collectors.joining("\n"));
        assertTrue(Files.readString(ProjectDir.get().resolve("docs/library.md")).contains(example),
            "docs/library.md quotes the example:\n" + example);
    }
}
