package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.NeuralNetwork;

/**
 * A trained dlspark regressor as a Spark ML model: {@code transform} adds {@code prediction}, the network's
 * standardized output mapped back to label units by the training label's mean and standard deviation.
 */
public final class DlsparkRegressionModel extends DlsparkModel<DlsparkRegressionModel>
    implements PredictionColumns<DlsparkRegressionModel> {

    /** The model of an artifact's manifest and network; an artifact not of a regressor on feature vectors is a usage error. */
    public DlsparkRegressionModel(String uid, ModelArtifactManifest artifact, NeuralNetwork network) {
        super(uid, owner -> PredictionColumns.declare(owner, "the predicted label value"), "regressor", artifact, network);
        if (!artifact.regressor()) {
            throw new UsageException("model " + artifact.model() + ": a classifier, not a regressor; load it as a "
                + "DlsparkClassificationModel");
        }
    }

    /** Loads a regression artifact (written by a fit with a checkpointDir). */
    public static DlsparkRegressionModel fromArtifact(String path) {
        return fromArtifact(path, SparkSession.active(), Identifiable$.MODULE$.randomUID("dlsparkRegressionModel"));
    }

    static DlsparkRegressionModel fromArtifact(String path, SparkSession spark, String uid) {
        ModelFiles.Loaded loaded = ModelFiles.loadArtifact(path, spark);
        return new DlsparkRegressionModel(uid, loaded.manifest(), loaded.network());
    }

    /** The label the model predicts, with the training rows' mean and standard deviation. */
    public ModelArtifactManifest.RegressionTarget target() {
        return artifact().regression();
    }

    @Override
    protected StructType outputSchema(StructType schema) {
        return outputSchema(schema, this);
    }

    /** {@code schema} with the prediction column of {@code params} appended, after checking the features column. */
    static StructType outputSchema(StructType schema, PredictionColumns<?> params) {
        FeatureColumn.check(schema, params.getFeaturesCol(), "featuresCol");
        ColumnChecks.absent(schema, params.getPredictionCol(), "predictionCol");
        return schema.add(params.getPredictionCol(), DataTypes.DoubleType, false);
    }

    @Override
    RowScores scores() {
        return new RowScores.Regression(target().mean(), target().std());
    }

    @Override
    public DlsparkRegressionModel copy(ParamMap extra) {
        return copyValues(new DlsparkRegressionModel(uid(), artifact(), network()), extra).setParent(parent());
    }

    public static MLReader<DlsparkRegressionModel> read() {
        return new ModelFiles.Reader<>(DlsparkRegressionModel.class, DlsparkRegressionModel::new);
    }

    public static DlsparkRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DlsparkRegressionModel: uid=" + uid() + ", model=" + artifact().model() + ", label="
            + target().label() + ", numFeatures=" + numFeatures();
    }
}
