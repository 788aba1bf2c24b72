package io.dlspark.ml;

import io.dlspark.spark.SparkTestSession;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java and Scala examples of docs/library.md, compiled and run; the document (and the README, for the first) quotes
 * exactly these lines.
 */
class LibraryExampleTest {
    private static final String SOURCE = "spark-jobs/src/test/java/io/dlspark/ml/LibraryExampleTest.java";

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

        DocQuotes.assertQuoted(SOURCE, "example", "docs/library.md", "README.md");
    }

    @Test
    void theDocumentedScalaPipelineTrainsScoresSavesAndLoads() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> table = Blobs.frame(spark, 240, 3, 17).drop("features");

        ScalaExampleResult result = ScalaLibraryExample.run(table, dir.resolve("my-pipeline").toString());

        assertTrue(result.accuracy() >= 0.95, "accuracy " + result.accuracy());
        List<Row> scored = result.scored().select("label", "prediction", "probability").collectAsList();
        long right = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
        assertEquals(result.accuracy(), (double) right / scored.size(), 1e-12, "the evaluator's accuracy of the rows");
        assertTrue(scored.size() > 20 && scored.size() < 240, "a test split, not the whole table: " + scored.size());
        assertEquals(3, result.model().stages().length);
        DlsparkClassificationModel classifier = (DlsparkClassificationModel) result.model().stages()[2];
        assertEquals(3, classifier.numClasses());
        assertEquals(4, classifier.numFeatures());
        assertEquals(scored, result.reloaded().select("label", "prediction", "probability").collectAsList(),
            "the saved and loaded PipelineModel scores the test split identically");
        DocQuotes.assertQuoted("spark-jobs/src/test/scala/io/dlspark/ml/ScalaLibraryExample.scala", "example",
            "docs/library.md");
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
        DocQuotes.assertQuoted(SOURCE, "regression-example", "docs/library.md");
    }
}
