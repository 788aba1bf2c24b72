package io.dlspark.bench.library;

import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.IngestResult;
import io.dlspark.ml.DlsparkClassificationModel;
import io.dlspark.ml.DlsparkClassifier;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Part "fashion": Fashion-MNIST as a DataFrame (binary 28x28x1 pixels, int label) through a {@link Pipeline} with
 * {@link DlsparkClassifier} (lenet), against {@code dlspark train} ({@link TrainJob}) on shards {@code dlspark ingest}
 * wrote from the same IDX files (no validation split, so both train on the same records), with the very settings the
 * estimator's params make ({@link DlsparkClassifier#trainingConfig}). After one untimed warm-up fit, each repeat runs
 * both sides, the CLI first in odd repeats and the DataFrame first in even ones; fit times are means over repeats.
 * Ingest and DataFrame preparation are timed apart from the fits.
 */
public final class FashionPart {
    private FashionPart() {
    }

    /** Runs the part on the IDX folder {@code input} (already cut to {@code --fashion-images}), scratch under {@code scratch}. */
    public static void run(SparkSession spark, LibraryOptions o, Path input, Path scratch) throws Exception {
        long t = System.nanoTime();
        Dataset<Row> train = FashionFrames.load(spark, input, "train", 0, o.workers()).cache();
        Dataset<Row> test = FashionFrames.load(spark, input, "t10k", 0, o.workers()).cache();
        long trainRows = train.count();
        long testRows = test.count();
        double prepareSeconds = BenchOut.seconds(t);

        String shards = scratch.resolve("fashion-shards").toUri().toString();
        IngestResult ingest = new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST,
            input.toAbsolutePath().toUri().toString(), shards,
            new IngestOptions(0.0, o.seed(), null, ResizeMode.NONE, null), null, 0.0, false));
        System.out.printf(Locale.ROOT, "fashion: DataFrame of %d train + %d test rows built and cached in %.1f s; "
                + "dlspark ingest of the same IDX files: %d train + %d test records in %.1f s (neither counted in fit time)%n",
            trainRows, testRows, prepareSeconds, ingest.manifest().count(Split.TRAIN), ingest.manifest().count(Split.TEST),
            ingest.seconds());

        DlsparkClassifier classifier = new DlsparkClassifier().setModel("lenet").setFeaturesCol("pixels")
            .setImageShape(FashionFrames.SHAPE).setLabelCol("label").setWorkers(o.workers()).setEpochs(o.fashionEpochs())
            .setBatchSize(o.batchSize()).setOptimizer("adam").setLearningRate(o.learningRate()).setSeed(o.seed());
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {classifier});

        t = System.nanoTime();
        classifier.copy(new org.apache.spark.ml.param.ParamMap()).setEpochs(1).fit(train.limit(o.warmupRows()));
        System.out.printf(Locale.ROOT, "fashion: warm-up fit(df), 1 epoch on %d rows, %.1f s (untimed)%n", o.warmupRows(),
            BenchOut.seconds(t));

        double dfSeconds = 0;
        double cliSeconds = 0;
        double dfAccuracy = Double.NaN;
        double cliAccuracy = Double.NaN;
        for (int r = 1; r <= o.repeats(); r++) {
            boolean cliFirst = r % 2 == 1;
            double[] cli = new double[2];
            double[] df = new double[2];
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == cliFirst) {
                    TrainingConfig config = classifier.trainingConfig("unused", false).toBuilder().data(shards)
                        .output(scratch.resolve("fashion-cli-" + r).toUri().toString()).build();
                    cli = cliSide(spark, config, shards, o.workers());
                } else {
                    df = dataFrameSide(pipeline, train, test);
                }
            }
            System.out.printf(Locale.ROOT, "fashion repeat %d (%s first): fit(df) %.1f s, test accuracy %.2f %% | "
                    + "dlspark train %.1f s, test accuracy %.2f %%%n", r, cliFirst ? "CLI" : "DataFrame", df[0],
                100 * df[1], cli[0], 100 * cli[1]);
            dfSeconds += df[0] / o.repeats();
            cliSeconds += cli[0] / o.repeats();
            dfAccuracy = df[1];
            cliAccuracy = cli[1];
        }
        train.unpersist();
        test.unpersist();
        double points = 100 * (dfAccuracy - cliAccuracy);
        double ratio = dfSeconds / cliSeconds;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n=== fashion: Pipeline(DlsparkClassifier lenet) "
                + "on a DataFrame vs dlspark train on shards: %d train / %d test images, %d workers, %d epoch(s), batch %d, "
                + "Adam %.0e, seed %d ===%n", trainRows, testRows, o.workers(), o.fashionEpochs(), o.batchSize(),
            o.learningRate(), o.seed()));
        s.append(BenchOut.row("DataFrame preparation (IDX -> DataFrame, cached; not in fit time)",
            String.format(Locale.ROOT, "%.1f s", prepareSeconds)));
        s.append(BenchOut.row("dlspark ingest (IDX -> shards; not in fit time)",
            String.format(Locale.ROOT, "%.1f s", ingest.seconds())));
        s.append(BenchOut.row(String.format(Locale.ROOT, "fit time, mean of %d: Pipeline.fit(df) / dlspark train",
            o.repeats()), String.format(Locale.ROOT, "%.1f s / %.1f s", dfSeconds, cliSeconds)));
        s.append(BenchOut.row("time ratio fit(df) / dlspark train (target <= 1.10)",
            String.format(Locale.ROOT, "%.3f (%s)", ratio, BenchOut.verdict(ratio <= 1.10))));
        s.append(BenchOut.row("test accuracy: DataFrame model (transform + evaluator) / CLI model (evaluate)",
            String.format(Locale.ROOT, "%.2f %% / %.2f %%", 100 * dfAccuracy, 100 * cliAccuracy)));
        s.append(BenchOut.row("difference DataFrame - CLI (target |diff| <= 0.3 points)",
            String.format(Locale.ROOT, "%+.2f points (%s)", points, BenchOut.verdict(Math.abs(points) <= 0.3))));
        System.out.print(s);
    }

    /** {@code dlspark train} on the shards: seconds of the TrainJob run, and test accuracy by the evaluate job. */
    private static double[] cliSide(SparkSession spark, TrainingConfig config, String shards, int workers)
        throws Exception {
        long t = System.nanoTime();
        new TrainJob(spark, new PrintWriter(OutputStream.nullOutputStream())).run(config);
        double seconds = BenchOut.seconds(t);
        double accuracy = new EvaluateJob(spark).run(config.output(), shards, Split.TEST, null, workers).report().accuracy();
        return new double[] {seconds, accuracy};
    }

    /** The pipeline fitted on {@code train}: seconds of {@code fit}, and test accuracy of its transform. */
    private static double[] dataFrameSide(Pipeline pipeline, Dataset<Row> train, Dataset<Row> test) {
        long t = System.nanoTime();
        PipelineModel model = pipeline.fit(train);
        double seconds = BenchOut.seconds(t);
        double accuracy = new MulticlassClassificationEvaluator().setLabelCol("label").setMetricName("accuracy")
            .evaluate(model.transform(test));
        if (!(model.stages()[0] instanceof DlsparkClassificationModel)) {
            throw new IllegalStateException("the pipeline's stage is not a DlsparkClassificationModel");
        }
        return new double[] {seconds, accuracy};
    }
}
