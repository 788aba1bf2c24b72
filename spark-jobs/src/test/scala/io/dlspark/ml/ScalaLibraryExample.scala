package io.dlspark.ml

import org.apache.spark.ml.{Pipeline, PipelineModel, PipelineStage}
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator
import org.apache.spark.ml.feature.{StandardScaler, VectorAssembler}
import org.apache.spark.sql.DataFrame

/** What the Scala example of docs/library.md computed: the test split's accuracy and both scorings of it. */
final class ScalaExampleResult(val accuracy: Double, val model: PipelineModel, val scored: DataFrame,
                               val reloaded: DataFrame)

/**
 * The Scala example of docs/library.md, run by LibraryExampleTest: a Pipeline of VectorAssembler, StandardScaler
 * and DlsparkClassifier fitted, scored, evaluated, saved and loaded; the document quotes the marked lines exactly.
 */
object ScalaLibraryExample {
  /** Runs the example on `table` (numeric columns x0..x3 and a class index `label`), saving the model to `path`. */
  def run(table: DataFrame, path: String): ScalaExampleResult = {
    // example-start
    val assembler = new VectorAssembler().setInputCols(Array("x0", "x1", "x2", "x3")).setOutputCol("raw")
    val scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true)
    val classifier = new DlsparkClassifier().setModel("mlp").setEpochs(10).setWorkers(2)
      .setBatchSize(16).setLearningRate(0.01).setSeed(7)
    val pipeline = new Pipeline().setStages(Array[PipelineStage](assembler, scaler, classifier))
    val Array(train, test) = table.randomSplit(Array(0.8, 0.2), seed = 42)
    val model = pipeline.fit(train)
    val scored = model.transform(test)    // + rawPrediction, probability, prediction
    val accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored)
    model.write.overwrite().save(path)
    val again = PipelineModel.load(path)
    // example-end
    new ScalaExampleResult(accuracy, model, scored, again.transform(test))
  }
}
