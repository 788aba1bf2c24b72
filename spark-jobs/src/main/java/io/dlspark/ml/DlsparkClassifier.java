package io.dlspark.ml;

import io.dlspark.train.ModelSource;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;

/**
 * A Spark ML estimator that trains a dlspark classifier on a DataFrame through the training job's one classifier
 * path (parameter averaging, every record once per epoch, seeded), without writing a shard folder.
 */
public final class DlsparkClassifier extends DlsparkEstimator<DlsparkClassifier, DlsparkClassificationModel>
    implements ScoringColumns<DlsparkClassifier> {

    public DlsparkClassifier() {
        this(Identifiable$.MODULE$.randomUID("dlsparkClassifier"));
    }

    public DlsparkClassifier(String uid) {
        super(uid, ScoringColumns::declare, "label column: a class index 0..C-1 (integral number) or a string");
    }

    @Override
    protected StructType checkedSchema(StructType schema) {
        ColumnChecks.require(schema, getLabelCol(), "labelCol");
        return DlsparkClassificationModel.outputSchema(schema, this);
    }

    @Override
    protected FitRecords.Prepared prepare(Dataset<Row> df, FitRecords.Columns columns) {
        return FitRecords.prepare(df, columns, getValidationFraction(), getSeed());
    }

    @Override
    protected void run(TrainJob job, TrainingConfig config, FitRecords.Prepared prepared, ModelSource source)
        throws IOException {
        if (source == null) {
            job.run(config, prepared.records(), stats -> { });
        } else {
            job.run(config, prepared.records(), source, stats -> { });
        }
    }

    @Override
    protected DlsparkClassificationModel loadFitted(String output, SparkSession spark) {
        return DlsparkClassificationModel.fromArtifact(output, spark, uid());
    }

    @Override
    public DlsparkClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DlsparkClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DlsparkClassifier load(String path) {
        return read().load(path);
    }
}
