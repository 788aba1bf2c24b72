package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model as a DL4J configuration object: equal to its spec, saved, tuned, a graph, a regressor, and mismatches. */
class DlsparkConfigurationTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DlsparkConfigurationTest.class);
    private static SparkSession spark;
    private static Dataset<Row> blobs;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        blobs = Blobs.frame(spark, 240, 3, 7).cache();
    }

    /** The configuration the catalog's mlp builds for 4 features and 3 classes with Adam at 1e-2 (seed 123). */
    private static MultiLayerConfiguration mlpConfiguration() {
        MultiLayerNetwork net = (MultiLayerNetwork) ModelCatalog.resolve("mlp")
            .build(new ModelInput.VectorInput(4), 3, new OptimizerConfig("adam", 1e-2), 123);
        return net.getLayerWiseConfigurations();
    }

    private static DlsparkClassifier configured(MultiLayerConfiguration conf) {
        return new DlsparkClassifier().setModel(conf).setEpochs(4).setWorkers(2).setBatchSize(16).setAveragingFrequency(2)
            .setSeed(5);
    }

    private static float[] params(DlsparkModel<?> model) {
        return NetworkState.of(model.network()).params();
    }

    private static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void aMultiLayerConfigurationFitsToTheParametersOfTheEquivalentSpecAndSavesAndLoads() throws Exception {
        DlsparkClassifier classifier = configured(mlpConfiguration()).setEpochs(2);
        DlsparkClassificationModel model = classifier.fit(blobs);
        DlsparkClassificationModel spec = new DlsparkClassifier().setModel("mlp").setOptimizer("adam").setLearningRate(1e-2)
            .setEpochs(2).setWorkers(2).setBatchSize(16).setAveragingFrequency(2).setSeed(5).fit(blobs);
        assertArrayEquals(params(spec), params(model), "the estimator's seed 5 replaces the configuration's 123");
        assertEquals("dl4j-multilayer", model.artifact().model());

        String estimatorPath = dir.resolve("estimator").toString();
        classifier.write().save(estimatorPath);
        DlsparkClassifier reread = DlsparkClassifier.load(estimatorPath);
        assertEquals(classifier.getModelConfiguration(), reread.getModelConfiguration());

        String modelPath = dir.resolve("model").toString();
        model.write().save(modelPath);
        DlsparkClassificationModel loaded = DlsparkClassificationModel.load(modelPath);
        assertArrayEquals(params(model), params(loaded));
        assertEquals(model.transform(blobs).select("probability").collectAsList(),
            loaded.transform(blobs).select("probability").collectAsList());
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(new File(modelPath, "artifact/model.zip"));
        assertArrayEquals(params(model), NetworkState.of(plain).params(), "plain DL4J reads the artifact");
    }

    @Test
    void crossValidatorTunesTheLearningRateOfAConfigurationThroughCopy() {
        DlsparkClassifier classifier = configured(mlpConfiguration());
        DlsparkClassifier copy = classifier.copy(new ParamMap().put(classifier.learningRate().w(0.5)));
        assertEquals(classifier.getModelConfiguration(), copy.getModelConfiguration());
        assertEquals(0.5, copy.getLearningRate());
        assertNull(classifier.getLearningRate());
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[] {1e-4, 1e-2}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2).setSeed(3)
            .fit(blobs);
        LOG.info("CrossValidator over a MultiLayerConfiguration, accuracy by learning rate 1e-4, 1e-2: {}",
            java.util.Arrays.toString(cv.avgMetrics()));
        assertTrue(cv.avgMetrics()[1] > cv.avgMetrics()[0] + 0.2, "learningRate replaces the updaters' 1e-2");
        assertTrue(accuracy(cv.transform(blobs)) >= 0.9);
    }

    @Test
    void aComputationGraphConfigurationFitsScoresAndSavesLoadableByPlainDl4j() throws Exception {
        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2))
            .graphBuilder().addInputs("in")
            .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(32).activation(Activation.RELU).build(), "in")
            .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(3)
                .activation(Activation.SOFTMAX).build(), "hidden")
            .setOutputs("out").build();
        DlsparkClassificationModel model = new DlsparkClassifier().setModel(graph).setEpochs(8).setWorkers(2)
            .setBatchSize(16).setSeed(5).setLabelCol("name").fit(blobs);
        assertInstanceOf(ComputationGraph.class, model.network());
        assertEquals(List.of("cat", "dog", "emu"), model.labels());
        double accuracy = accuracy(model.transform(blobs));
        LOG.info("ComputationGraphConfiguration on the blobs: accuracy {}", accuracy);
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy);
        String path = dir.resolve("graph").toString();
        model.write().save(path);
        assertEquals(model.transform(blobs).select("prediction").collectAsList(),
            DlsparkClassificationModel.load(path).transform(blobs).select("prediction").collectAsList());
        ComputationGraph plain = ModelSerializer.restoreComputationGraph(new File(path, "artifact/model.zip"));
        assertArrayEquals(params(model), NetworkState.of(plain).params());
    }

    private static MultiLayerConfiguration dense(int inputs, int outputs, LossFunctions.LossFunction loss,
                                                 Activation activation) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
            .layer(new DenseLayer.Builder().nIn(inputs).nOut(16).activation(Activation.TANH).build())
            .layer(new OutputLayer.Builder(loss).nIn(16).nOut(outputs).activation(activation).build())
            .build();
    }

    @Test
    void aRegressorTrainsAConfigurationWithOneIdentityOutput() {
        Dataset<Row> table = LinearTable.frame(spark, 200, 0.1, 3);
        DlsparkRegressionModel model = new DlsparkRegressor().setModel(dense(2, 1, LossFunctions.LossFunction.MSE,
            Activation.IDENTITY)).setLabelCol("y").setEpochs(20).setWorkers(2).setBatchSize(16).setSeed(4).fit(table);
        double rmse = new RegressionEvaluator().setLabelCol("y").evaluate(model.transform(table));
        LOG.info("DlsparkRegressor with a MultiLayerConfiguration: training RMSE {} (label std about 2.1)", rmse);
        assertTrue(rmse < 0.5, "RMSE " + rmse);
    }

    private static void fails(String expected, Executable fit) {
        UsageException e = assertThrows(UsageException.class, fit);
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void mismatchesAndConflictsAreOneLineErrorsNamingTheParam() {
        LossFunctions.LossFunction ce = LossFunctions.LossFunction.MCXENT;
        fails("modelConfiguration: the MultiLayerConfiguration takes 5 input values but featuresCol 'features' has 4",
            () -> configured(dense(5, 3, ce, Activation.SOFTMAX)).fit(blobs));
        Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"})
            .setOutputCol("assembled").transform(blobs);
        fails("modelConfiguration: the MultiLayerConfiguration takes 5 input values but featuresCol 'assembled' (by its "
                + "ML attribute metadata) has 4",
            () -> configured(dense(5, 3, ce, Activation.SOFTMAX)).setFeaturesCol("assembled")
                .transformSchema(assembled.schema()));
        fails("modelConfiguration: the MultiLayerConfiguration's output layer has 4 outputs but labelCol 'label' "
            + "(classes) has 3", () -> configured(dense(4, 4, ce, Activation.SOFTMAX)).fit(blobs));
        fails("modelConfiguration: the MultiLayerConfiguration's output layer has 3 outputs but a regressor of labelCol "
                + "'y' needs 1",
            () -> new DlsparkRegressor().setModel(dense(2, 3, LossFunctions.LossFunction.MSE, Activation.IDENTITY))
                .setLabelCol("y").fit(LinearTable.frame(spark, 20, 0.1, 3)));
        ComputationGraphConfiguration noOutput = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
            .addLayer("out", new DenseLayer.Builder().nIn(4).nOut(3).build(), "in").setOutputs("out").build();
        fails("modelConfiguration: the network's last vertex 'out' is DenseLayer, not an output layer with a loss",
            () -> new DlsparkClassifier().setModel(noOutput).fit(blobs));
        fails("optimizer 'adam': modelConfiguration brings its own updaters; set them in the configuration "
                + "(learningRate may still replace their learning rate)",
            () -> configured(mlpConfiguration()).setOptimizer("adam").fit(blobs));
        fails("learningRate: must be a positive number, got -0.1",
            () -> configured(mlpConfiguration()).setLearningRate(-0.1).fit(blobs));
        fails("lrScaling 'linear': with modelConfiguration it scales learningRate; set learningRate",
            () -> configured(mlpConfiguration()).setLrScaling("linear").fit(blobs));
        fails("modelConfiguration: not the JSON of a MultiLayerConfiguration or ComputationGraphConfiguration (no 'confs' "
            + "or 'vertices' key)", () -> new DlsparkClassifier().setModelConfiguration("{\"layers\": []}").fit(blobs));

        DlsparkClassifier both = configured(mlpConfiguration());
        fails("model 'lenet' and modelConfiguration are both set; set one (each setter clears the other, a ParamMap may "
            + "not)", () -> both.copy(new ParamMap().put(both.model().w("lenet"))).fit(blobs));
        assertNull(configured(mlpConfiguration()).setModel("mlp").getModelConfiguration(), "the last setter wins");
        DlsparkClassifier last = new DlsparkClassifier().setModel("lenet").setModel(mlpConfiguration());
        assertFalse(last.isSet(last.model()), "the last setter wins");
    }
}
