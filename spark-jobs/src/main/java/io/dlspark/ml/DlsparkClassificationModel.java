package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.List;

/**
 * A trained dlspark classifier as a Spark ML model: {@code transform} adds {@code rawPrediction} (natural-log class
 * probabilities), {@code probability} and {@code prediction} (the class index), scored in batches per partition.
 */
public final class DlsparkClassificationModel extends DlsparkModel<DlsparkClassificationModel>
    implements ScoringColumns<DlsparkClassificationModel> {

    /** The model of an artifact's manifest and network; an artifact not of a classifier on feature vectors is a usage error. */
    public DlsparkClassificationModel(String uid, ModelArtifactManifest artifact, NeuralNetwork network) {
        super(uid, ScoringColumns::declare, "classifier", artifact, network);
        if (artifact.regressor()) {
            throw new UsageException("model " + artifact.model() + ": a regressor of '" + artifact.regression().label()
                + "'; load it as a DlsparkRegressionModel");
        }
    }

    /** Loads an artifact written by {@code dlspark train} (or a fit) on feature-vector data. */
    public static DlsparkClassificationModel fromArtifact(String path) {
        return fromArtifact(path, SparkSession.active());
    }

    static DlsparkClassificationModel fromArtifact(String path, SparkSession spark) {
        return fromArtifact(path, spark, Identifiable$.MODULE$.randomUID("dlsparkClassificationModel"));
    }

    static DlsparkClassificationModel fromArtifact(String path, SparkSession spark, String uid) {
        ModelFiles.Loaded loaded = ModelFiles.loadArtifact(path, spark);
        return new DlsparkClassificationModel(uid, loaded.manifest(), loaded.network());
    }

    /** The class names, by class index (string labels in StringIndexer order, or "0".."C-1"). */
    public List<String> labels() {
        return artifact().labelNames();
    }

    public int numClasses() {
        return artifact().labelNames().size();
    }

    @Override
    protected StructType outputSchema(StructType schema) {
        return outputSchema(schema, this);
    }

    /** {@code schema} with the three output columns of {@code params} appended, after checking the features column. */
    static StructType outputSchema(StructType schema, ScoringColumns<?> params) {
        FeatureColumn.check(schema, params.getFeaturesCol(), "featuresCol");
        ColumnChecks.absent(schema, params.getRawPredictionCol(), "rawPredictionCol");
        ColumnChecks.absent(schema, params.getProbabilityCol(), "probabilityCol");
        ColumnChecks.absent(schema, params.getPredictionCol(), "predictionCol");
        return schema.add(params.getRawPredictionCol(), SQLDataTypes.VectorType(), false)
            .add(params.getProbabilityCol(), SQLDataTypes.VectorType(), false)
            .add(params.getPredictionCol(), DataTypes.DoubleType, false);
    }

    @Override
    RowScores scores() {
        return new RowScores.Classes(numClasses());
    }

    @Override
    public DlsparkClassificationModel copy(ParamMap extra) {
        return copyValues(new DlsparkClassificationModel(uid(), artifact(), network()), extra).setParent(parent());
    }

    public static MLReader<DlsparkClassificationModel> read() {
        return new ModelFiles.Reader<>(DlsparkClassificationModel.class, DlsparkClassificationModel::new);
    }

    public static DlsparkClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DlsparkClassificationModel: uid=" + uid() + ", model=" + artifact().model() + ", numClasses=" + numClasses()
            + ", numFeatures=" + numFeatures();
    }
}
