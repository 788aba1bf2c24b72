package io.dlspark.ml;

import io.dlspark.core.UsageException;
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
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;

/**
 * A Spark ML estimator that trains a dlspark network with a regression head (one identity output, MSE loss) on a
 * features column and a numeric label, standardized for training; its model predicts in label units.
 */
public final class DlsparkRegressor extends DlsparkEstimator<DlsparkRegressor, DlsparkRegressionModel> {

    public DlsparkRegressor() {
        this(Identifiable$.MODULE$.randomUID("dlsparkRegressor"));
    }

    public DlsparkRegressor(String uid) {
        super(uid, owner -> PredictionColumns.declare(owner, "the predicted label value"),
            "label column: a finite number (any numeric type)");
    }

    @Override
    protected StructType checkedSchema(StructType schema) {
        if ("accuracy".equals(getKeepBest())) {
            throw new UsageException("keepBest 'accuracy': a regressor has no accuracy; keep the best epoch by loss");
        }
        DataType label = ColumnChecks.require(schema, getLabelCol(), "labelCol");
        if (!(label instanceof NumericType)) {
            throw new UsageException("labelCol '" + getLabelCol() + "': has type " + label.simpleString()
                + "; expected a number");
        }
        return DlsparkRegressionModel.outputSchema(schema, this);
    }

    @Override
    protected FitRecords.Prepared prepare(Dataset<Row> df, FitRecords.Columns columns) {
        return FitRecords.prepareRegression(df, columns, getValidationFraction(), getSeed());
    }

    @Override
    protected void run(TrainJob job, TrainingConfig config, FitRecords.Prepared prepared, ModelSource source)
        throws IOException {
        if (source == null) {
            job.runRegression(config, prepared.records(), prepared.target(), stats -> { });
        } else {
            job.runRegression(config, prepared.records(), source, prepared.target(), stats -> { });
        }
    }

    @Override
    protected DlsparkRegressionModel loadFitted(String output, SparkSession spark) {
        return DlsparkRegressionModel.fromArtifact(output, spark, uid());
    }

    @Override
    public DlsparkRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DlsparkRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static DlsparkRegressor load(String path) {
        return read().load(path);
    }
}
