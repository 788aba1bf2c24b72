package io.dlspark.ml;

import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
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

/** The Java example of docs/library.md, compiled and run; the document quotes exactly these lines. */
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

        List<String> source = Files.readAllLines(ProjectDir.get().resolve(
            "spark-jobs/src/test/java/io/dlspark/ml/LibraryExampleTest.java"));
        String example = source.subList(source.indexOf("        // example-start") + 1,
            source.indexOf("        // example-end")).stream().map(l -> l.substring(8)).collect(Collectors.joining("\n"));
        assertTrue(Files.readString(ProjectDir.get().resolve("docs/library.md")).contains(example),
            "docs/library.md quotes the example:\n" + example);
    }
}
