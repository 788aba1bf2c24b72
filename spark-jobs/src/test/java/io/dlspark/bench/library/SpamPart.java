package io.dlspark.bench.library;

import io.dlspark.ml.DlsparkClassifier;
import io.dlspark.text.TextPipelines;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Part "spam": SpamAssassin ({@link SpamFrames}) through {@code RegexTokenizer -> StopWordsRemover -> HashingTF -> IDF
 * -> Normalizer(L2) -> DlsparkClassifier(mlp)}: spam F1, precision and recall on the test split; then
 * {@link CrossValidator} over 2 learning rates x 2 widths (two mlp spec files, hidden layers [w, w/2]) on the training
 * split, every grid point's mean spam F1 and the chosen point with its test F1.
 */
public final class SpamPart {
    private SpamPart() {
    }

    public static void run(SparkSession spark, LibraryOptions o, Path scratch) throws Exception {
        long t = System.nanoTime();
        SpamFrames data = SpamFrames.load(spark, o.spamAssassin(), o.spamMessages(), o.seed(), o.workers(),
            o.spamText().equals("headers"));
        long train = data.train().count();
        long test = data.test().count();
        System.out.printf(Locale.ROOT, "spam: %d messages parsed (%d unparseable left out) into %d train / %d test rows "
            + "in %.1f s%n", data.messages(), data.bad(), train, test, BenchOut.seconds(t));

        DlsparkClassifier classifier = new DlsparkClassifier().setModel("mlp").setFeaturesCol("features")
            .setLabelCol("label").setWorkers(o.workers()).setEpochs(o.spamEpochs()).setBatchSize(o.batchSize())
            .setOptimizer("adam").setLearningRate(o.learningRate()).setSeed(o.seed());
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new RegexTokenizer().setInputCol("text").setOutputCol("tokens").setPattern(TextPipelines.TOKEN_PATTERN)
                .setGaps(false).setToLowercase(true),
            new StopWordsRemover().setInputCol("tokens").setOutputCol("words"),
            new HashingTF().setInputCol("words").setOutputCol("tf").setNumFeatures(o.hashFeatures()),
            new IDF().setInputCol("tf").setOutputCol("tfidf").setMinDocFreq(2),
            new Normalizer().setP(2.0).setInputCol("tfidf").setOutputCol("features"),
            classifier});
        t = System.nanoTime();
        PipelineModel fitted = pipeline.fit(data.train());
        double fitSeconds = BenchOut.seconds(t);
        Dataset<Row> scored = fitted.transform(data.test()).cache();
        double f1 = metric(scored, "fMeasureByLabel");
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n=== spam: text stages + DlsparkClassifier(mlp), "
                + "text: %s, %d hashed features, %d epoch(s), batch %d, Adam %.0e, %d workers, seed %d ===%n", o.spamText(),
            o.hashFeatures(),
            o.spamEpochs(), o.batchSize(), o.learningRate(), o.workers(), o.seed()));
        s.append(BenchOut.row("Pipeline.fit on the training split", String.format(Locale.ROOT, "%.1f s", fitSeconds)));
        s.append(BenchOut.row("test accuracy", String.format(Locale.ROOT, "%.4f", metric(scored, "accuracy"))));
        s.append(BenchOut.row("test spam precision / recall", String.format(Locale.ROOT, "%.4f / %.4f",
            metric(scored, "precisionByLabel"), metric(scored, "recallByLabel"))));
        s.append(BenchOut.row("test spam F1 (target >= 0.98)",
            String.format(Locale.ROOT, "%.4f (%s)", f1, BenchOut.verdict(f1 >= 0.98))));
        scored.unpersist();
        System.out.print(s);
        crossValidate(pipeline, classifier, data, o, scratch);
        data.release();
    }

    private static void crossValidate(Pipeline pipeline, DlsparkClassifier classifier, SpamFrames data, LibraryOptions o,
                                      Path scratch) throws Exception {
        String[] specs = new String[o.cvWidths().length];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = widthSpec(scratch, o.cvWidths()[i]).toString();
        }
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), o.cvLearningRates())
            .addGrid(classifier.model(), scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(specs)))
            .build();
        long t = System.nanoTime();
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
            .setEvaluator(evaluator("fMeasureByLabel")).setNumFolds(o.folds()).setSeed(o.seed()).fit(data.train());
        double seconds = BenchOut.seconds(t);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n=== spam: CrossValidator, %d folds, "
            + "%d grid points (learning rate x mlp width), metric mean spam F1 over folds ===%n", o.folds(), grid.length));
        int best = 0;
        double[] metrics = cv.avgMetrics();
        for (int i = 0; i < grid.length; i++) {
            best = metrics[i] > metrics[best] ? i : best;
            s.append(BenchOut.row("lr " + grid[i].apply(classifier.learningRate()) + ", " + describe(grid[i].apply(
                classifier.model())), String.format(Locale.ROOT, "%.4f", metrics[i])));
        }
        double testF1 = evaluator("fMeasureByLabel").evaluate(cv.transform(data.test()));
        s.append(BenchOut.row("chosen: lr " + grid[best].apply(classifier.learningRate()) + ", "
            + describe(grid[best].apply(classifier.model())), String.format(Locale.ROOT, "test spam F1 %.4f", testF1)));
        s.append(BenchOut.row(String.format(Locale.ROOT, "CrossValidator fit (%d fits + the refit)",
            grid.length * o.folds()), String.format(Locale.ROOT, "%.1f s", seconds)));
        System.out.print(s);
    }

    /** A model spec file like the catalog's mlp with hidden layers [width, width / 2]. */
    private static Path widthSpec(Path scratch, int width) throws Exception {
        Path file = scratch.resolve("mlp-w" + width + ".conf");
        Files.writeString(file, String.format(Locale.ROOT, "kind = mlp%ndescription = \"MLP %d-%d, ReLU\"%n"
            + "hidden-layers = [%d, %d]%nactivation = relu%nweight-init = relu%ndropout = 0%nbatch-norm = false%n"
            + "optimizer { name = adam, learning-rate = 1e-3 }%n", width, width / 2, width, width / 2));
        return file;
    }

    private static String describe(String specFile) {
        String name = Path.of(specFile).getFileName().toString();
        return "mlp hidden [" + name.replaceAll("\\D", "") + ", " + Integer.parseInt(name.replaceAll("\\D", "")) / 2 + "]";
    }

    private static MulticlassClassificationEvaluator evaluator(String metric) {
        return new MulticlassClassificationEvaluator().setLabelCol("label").setMetricName(metric).setMetricLabel(1.0);
    }

    private static double metric(Dataset<Row> scored, String name) {
        return evaluator(name).evaluate(scored);
    }
}
