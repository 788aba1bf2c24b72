package io.dlspark.ml;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark ML estimator and model: accuracy, equality with {@code dlspark train}, pipelines, persistence, tuning. */
class DlsparkClassifierTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DlsparkClassifierTest.class);
    private static SparkSession spark;
    private static Dataset<Row> blobs;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        blobs = Blobs.frame(spark, 240, 3, 7).cache();
    }

    private static DlsparkClassifier classifier() {
        return new DlsparkClassifier().setModel("mlp").setEpochs(4).setWorkers(2).setBatchSize(16)
            .setAveragingFrequency(2).setOptimizer("adam").setLearningRate(1e-2).setSeed(5);
    }

    private static double accuracy(Dataset<Row> predictions, String label) {
        return new MulticlassClassificationEvaluator().setLabelCol(label).setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void fitsSeparableVectorsToHighAccuracyAndEvaluatorsRunOnTheOutput() {
        DlsparkClassificationModel model = classifier().setEpochs(10).fit(blobs);
        Dataset<Row> scored = model.transform(blobs);
        double accuracy = accuracy(scored, "label");
        LOG.info("blobs, 10 epochs: accuracy {}", accuracy);
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
        assertEquals(List.of("0", "1", "2"), model.labels());
        Row first = scored.first();
        Vector probability = first.getAs("probability");
        Vector raw = first.getAs("rawPrediction");
        assertEquals(1.0, probability.toArray()[0] + probability.toArray()[1] + probability.toArray()[2], 1e-5);
        assertEquals(Math.log(probability.apply(1)), raw.apply(1), 1e-9);
        assertEquals((double) probability.argmax(), first.<Double>getAs("prediction"));
        DlsparkClassificationModel renamed = model.copy(new ParamMap().put(model.predictionCol().w("p")));
        assertEquals("p", renamed.getPredictionCol());
        assertEquals("prediction", model.getPredictionCol());
        assertEquals(model.uid(), renamed.uid());
        assertEquals(model.network(), renamed.network());
        double f1 = new MulticlassClassificationEvaluator().setMetricName("f1").evaluate(scored);
        assertTrue(f1 >= 0.95, "f1 " + f1);

        Dataset<Row> twoClasses = blobs.filter(functions.col("label").lt(2));
        Dataset<Row> binary = classifier().setEpochs(10).fit(twoClasses).transform(twoClasses);
        double auc = new BinaryClassificationEvaluator().evaluate(binary);
        LOG.info("two blobs: area under ROC {}", auc);
        assertTrue(auc >= 0.95, "area under ROC " + auc);
    }

    @Test
    void fitEqualsDlsparkTrainOnTheSameRecordsAsFeatureShardsWhateverThePartitioning() throws Exception {
        FitRecords.Prepared prepared = FitRecords.prepare(blobs, new FitRecords.Columns("features", "label", null, null), 0, 5);
        String shards = dir.resolve("shards").toString();
        ShardsFromRecords.write(prepared, shards, "blobs", new ImageShape(1, 4, 1), spark.sparkContext().hadoopConfiguration());
        String cliOut = dir.resolve("cli").toString();
        float[] cli = ShardsFromRecords.train(cliOut, "train",
            "--data", shards, "--model", "mlp", "--output", cliOut, "--epochs", "4", "--workers", "2", "--batch-size", "16",
            "--averaging-frequency", "2", "--optimizer", "adam", "--learning-rate", "0.01", "--seed", "5");

        double cliAccuracy = accuracy(DlsparkClassificationModel.fromArtifact(cliOut).transform(blobs), "label");
        LOG.info("dlspark train on the shards: accuracy {} after 4 epochs", cliAccuracy);
        assertTrue(cliAccuracy >= 0.9, "the CLI run trained: accuracy " + cliAccuracy);

        float[] fitted = NetworkState.of(classifier().fit(blobs).network()).params();
        assertArrayEquals(cli, fitted, "fit(df) and dlspark train on the same records");
        Dataset<Row> shuffled = blobs.repartition(5).orderBy(functions.col("x2").desc());
        assertArrayEquals(cli, NetworkState.of(classifier().fit(shuffled).network()).params(), "another partitioning");
        Dataset<Row> sparse = blobs.withColumn("features", functions.udf(
            (org.apache.spark.sql.api.java.UDF1<Vector, Vector>) Vector::toSparse,
            org.apache.spark.ml.linalg.SQLDataTypes.VectorType()).apply(functions.col("features")));
        assertArrayEquals(cli, NetworkState.of(classifier().fit(sparse).network()).params(), "sparse vectors");
        Dataset<Row> doubles = blobs.withColumn("features",
            org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64"));
        assertArrayEquals(cli, NetworkState.of(classifier().fit(doubles).network()).params(), "array<double>");
    }

    @Test
    void checkpointDirResumesToTheParametersOfAnUninterruptedRun() {
        String uninterrupted = dir.resolve("whole").toString();
        String resumed = dir.resolve("resumed").toString();
        float[] whole = NetworkState.of(classifier().setEpochs(3).setCheckpointDir(uninterrupted).fit(blobs).network())
            .params();
        float[] two = NetworkState.of(classifier().setEpochs(2).setCheckpointDir(resumed).fit(blobs).network()).params();
        assertTrue(new java.io.File(resumed, "manifest.json").isFile(), "the artifact stays in checkpointDir");
        float[] three = NetworkState.of(classifier().setEpochs(3).setCheckpointDir(resumed).fit(blobs).network()).params();
        assertFalse(java.util.Arrays.equals(whole, two));
        assertArrayEquals(whole, three);
    }

    @Test
    void pipelineWithAssemblerScalerAndClassifierFitsTransformsAndRoundTripsThroughSaveAndLoad() throws Exception {
        Dataset<Row> table = blobs.drop("features");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("assembled"),
            new StandardScaler().setInputCol("assembled").setOutputCol("scaled"),
            classifier().setEpochs(8).setFeaturesCol("scaled").setLabelCol("name")});
        PipelineModel fitted = pipeline.fit(table);
        DlsparkClassificationModel model = (DlsparkClassificationModel) fitted.stages()[2];
        assertEquals(List.of("cat", "dog", "emu"), model.labels());
        Dataset<Row> scored = fitted.transform(table);
        Dataset<Row> truth = scored.withColumn("index", functions.array_position(
            functions.array(functions.lit("cat"), functions.lit("dog"), functions.lit("emu")), functions.col("name")).minus(1)
            .cast("double"));
        double pipelineAccuracy = accuracy(truth, "index");
        LOG.info("VectorAssembler -> StandardScaler -> DlsparkClassifier: accuracy {}", pipelineAccuracy);
        assertTrue(pipelineAccuracy >= 0.9, "pipeline accuracy " + pipelineAccuracy);

        String unfitted = dir.resolve("unfitted").toString();
        pipeline.write().save(unfitted);
        DlsparkClassifier reread = (DlsparkClassifier) Pipeline.load(unfitted).getStages()[2];
        assertEquals("scaled", reread.getFeaturesCol());
        assertEquals("name", reread.getLabelCol());
        assertEquals(8, reread.getEpochs());
        assertEquals(1e-2, reread.getLearningRate());

        String saved = dir.resolve("pipeline").toString();
        fitted.write().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        List<Row> before = scored.select("x0", "probability", "rawPrediction", "prediction").orderBy("x0").collectAsList();
        List<Row> after = loaded.transform(table).select("x0", "probability", "rawPrediction", "prediction").orderBy("x0")
            .collectAsList();
        assertEquals(before, after);
        DlsparkClassificationModel reloaded = (DlsparkClassificationModel) loaded.stages()[2];
        assertEquals(model.uid(), reloaded.uid());
        assertEquals("scaled", reloaded.getFeaturesCol());
        assertTrue(new java.io.File(saved, "stages/2_" + model.uid() + "/artifact/model.zip").isFile());
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork plain = org.deeplearning4j.util.ModelSerializer
            .restoreMultiLayerNetwork(new java.io.File(saved, "stages/2_" + model.uid() + "/artifact/model.zip"));
        assertArrayEquals(NetworkState.of(model.network()).params(), NetworkState.of(plain).params());
    }

    @Test
    void textPipelineWithTokenizerHashingTfIdfAndClassifier() {
        List<Row> rows = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        String[] spam = {"win", "cash", "prize", "free", "offer"};
        String[] ham = {"meeting", "lunch", "report", "notes", "agenda"};
        for (int i = 0; i < 120; i++) {
            String[] words = i % 2 == 0 ? spam : ham;
            String text = words[random.nextInt(5)] + " " + words[random.nextInt(5)] + " the " + words[random.nextInt(5)];
            rows.add(org.apache.spark.sql.RowFactory.create(text, i % 2 == 0 ? "spam" : "ham"));
        }
        Dataset<Row> texts = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
            .add("text", "string").add("kind", "string"));
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
            new org.apache.spark.ml.feature.RegexTokenizer().setInputCol("text").setOutputCol("words"),
            new org.apache.spark.ml.feature.HashingTF().setInputCol("words").setOutputCol("tf").setNumFeatures(64),
            new org.apache.spark.ml.feature.IDF().setInputCol("tf").setOutputCol("tfidf"),
            classifier().setEpochs(6).setFeaturesCol("tfidf").setLabelCol("kind")}).fit(texts);
        DlsparkClassificationModel model = (DlsparkClassificationModel) fitted.stages()[3];
        assertEquals(List.of("ham", "spam"), model.labels());
        Dataset<Row> scored = fitted.transform(texts).withColumn("truth",
            functions.when(functions.col("kind").equalTo("spam"), 1.0).otherwise(0.0));
        double auc = new BinaryClassificationEvaluator().setLabelCol("truth").evaluate(scored);
        LOG.info("RegexTokenizer -> HashingTF -> IDF -> DlsparkClassifier: area under ROC {}", auc);
        assertTrue(auc >= 0.95, "area under ROC " + auc);
    }

    @Test
    void crossValidatorPicksTheBetterOfTwoLearningRates() {
        DlsparkClassifier classifier = classifier().setEpochs(4);
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[] {1e-4, 1e-2}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2).setSeed(3)
            .fit(blobs);
        assertEquals(2, cv.avgMetrics().length);
        LOG.info("CrossValidator accuracy by learning rate 1e-4, 1e-2: {}", java.util.Arrays.toString(cv.avgMetrics()));
        assertTrue(cv.avgMetrics()[1] > cv.avgMetrics()[0] + 0.2, "1e-2 trains the blobs in 4 epochs, 1e-4 does not");
        DlsparkClassificationModel best = (DlsparkClassificationModel) cv.bestModel();
        assertEquals(1e-2, best.artifact().training().learningRate(), 1e-12);
        assertTrue(accuracy(cv.transform(blobs), "label") >= 0.9);
    }

    @Test
    void copyCarriesParamsAndTheNetwork() {
        DlsparkClassifier original = classifier();
        DlsparkClassifier copy = original.copy(new ParamMap().put(original.learningRate().w(0.5)));
        assertNotSame(original, copy);
        assertEquals(original.uid(), copy.uid());
        assertEquals(0.5, copy.getLearningRate());
        assertEquals(1e-2, original.getLearningRate());
    }

    @Test
    void aSeparateValidationDataFrameJoinsThroughValidationIndicatorCol() {
        Dataset<Row> validation = Blobs.frame(spark, 60, 3, 99);
        Dataset<Row> marked = blobs.withColumn("isValidation", functions.lit(false))
            .unionByName(validation.withColumn("isValidation", functions.lit(true)));
        DlsparkClassificationModel model = classifier().setEpochs(2).setValidationIndicatorCol("isValidation").fit(marked);
        Object reported = model.artifact().finalMetrics().get("validationAccuracy");
        assertEquals(accuracy(model.transform(validation), "label"), ((Number) reported).doubleValue(), 1e-9,
            "the artifact's validation accuracy is the model's accuracy on the validation DataFrame");
    }
}
