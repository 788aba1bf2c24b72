package io.dlspark.bench;

import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.eval.GroupTally;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.text.TextPipelines;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The text benchmark's baseline: Spark ML {@link LogisticRegression} on the same TF-IDF rows the dlspark model sees
 * ({@code label}, {@link TextPipelines#FEATURES}, {@code group}), its regularisation chosen from {@link #REG_PARAMS}
 * by validation accuracy, scored on the test rows into the same {@link EvaluationReport} as dlspark's evaluation.
 */
final class SparkLogisticBaseline {
    /** The L2 strengths tried; the one with the best validation accuracy (the smaller one on ties) is kept. */
    static final double[] REG_PARAMS = {1e-4, 1e-3, 1e-2};
    private static final int MAX_ITERATIONS = 100;

    private final LogisticRegressionModel model;
    private final double regParam;
    private final double validationAccuracy;

    private SparkLogisticBaseline(LogisticRegressionModel model, double regParam, double validationAccuracy) {
        this.model = model;
        this.regParam = regParam;
        this.validationAccuracy = validationAccuracy;
    }

    /** Fits one model per {@link #REG_PARAMS} value on {@code train} and keeps the best on {@code validation}. */
    static SparkLogisticBaseline fit(Dataset<Row> train, Dataset<Row> validation) {
        Dataset<Row> cachedTrain = labelled(train).cache();
        try {
            SparkLogisticBaseline best = null;
            for (double reg : REG_PARAMS) {
                LogisticRegressionModel model = new LogisticRegression().setFeaturesCol(TextPipelines.FEATURES)
                    .setLabelCol("y").setRegParam(reg).setElasticNetParam(0.0).setMaxIter(MAX_ITERATIONS)
                    .fit(cachedTrain);
                double accuracy = accuracy(model, validation);
                if (best == null || accuracy > best.validationAccuracy) {
                    best = new SparkLogisticBaseline(model, reg, accuracy);
                }
            }
            return best;
        } finally {
            cachedTrain.unpersist();
        }
    }

    double regParam() {
        return regParam;
    }

    double validationAccuracy() {
        return validationAccuracy;
    }

    /** The report of {@code rows} (with {@code positiveClass} -1 for no binary metrics), as dlspark evaluate builds it. */
    EvaluationReport evaluate(String split, Dataset<Row> rows, List<String> labels, int positiveClass) {
        List<Row> scored = model.transform(labelled(rows))
            .select(ShardColumns.LABEL, "prediction", "probability", ShardColumns.GROUP).collectAsList();
        int classes = labels.size();
        double[][] oneHot = new double[scored.size()][classes];
        double[][] probabilities = new double[scored.size()][];
        GroupTally groups = new GroupTally(classes);
        double logLoss = 0;
        for (int i = 0; i < scored.size(); i++) {
            Row row = scored.get(i);
            int actual = row.getInt(0);
            oneHot[i][actual] = 1;
            probabilities[i] = ((Vector) row.get(2)).toArray();
            logLoss -= Math.log(Math.max(probabilities[i][actual], 1e-12));
            if (!row.isNullAt(3)) {
                groups.add(row.getString(3), actual, (int) row.getDouble(1));
            }
        }
        INDArray actual = Nd4j.create(oneHot);
        INDArray predicted = Nd4j.create(probabilities);
        Evaluation evaluation = new Evaluation(labels, 1);
        evaluation.eval(actual, predicted);
        ROC roc = new ROC(0);
        if (positiveClass >= 0) {
            roc.eval(actual.getColumn(positiveClass, true), predicted.getColumn(positiveClass, true));
        }
        long parameters = (long) model.coefficientMatrix().numRows() * model.coefficientMatrix().numCols()
            + model.interceptVector().size();
        return EvaluationReport.of(split, evaluation, logLoss, labels, parameters, positiveClass, roc, groups);
    }

    /** The TF-IDF rows ({@code label}, features, {@code group}) of one split of the text shard set at {@code root}. */
    static Dataset<Row> tfidfRows(SparkSession spark, ShardManifest manifest, Path root, Split split) {
        return FeatureInputs.of(manifest, root, TextFeatureKind.TFIDF)
            .rows(spark.read().parquet(new Path(root, split.dirName()).toString()));
    }

    private static double accuracy(LogisticRegressionModel model, Dataset<Row> rows) {
        Row counts = model.transform(labelled(rows))
            .agg(functions.count("*"), functions.sum(functions.when(functions.col("prediction")
                .equalTo(functions.col("y")), 1).otherwise(0)))
            .first();
        return (double) counts.getLong(1) / counts.getLong(0);
    }

    private static Dataset<Row> labelled(Dataset<Row> rows) {
        return rows.withColumn("y", functions.col(ShardColumns.LABEL).cast("double"));
    }
}
