package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.function.Function;

/**
 * A trained dlspark network on feature vectors as a Spark ML model ({@link DlsparkClassificationModel},
 * {@link DlsparkRegressionModel}): its artifact, batched scoring per partition, and saving as MLlib metadata plus
 * the artifact ({@link ModelFiles}).
 *
 * @param <M> the model's own type
 */
public abstract class DlsparkModel<M extends DlsparkModel<M>> extends Model<M> implements PredictionColumns<M>, MLWritable {
    private final String uid;
    private final Param<String>[] columns;
    private final ModelArtifactManifest artifact;
    private final NeuralNetwork network;

    /**
     * A {@code kind} of model (for messages) whose column params {@code columns} declares; an artifact not trained on
     * feature vectors or plain images (text, an input adapter, a generative model) is a usage error.
     */
    protected DlsparkModel(String uid, Function<Params, Param<String>[]> columns, String kind,
                           ModelArtifactManifest artifact, NeuralNetwork network) {
        this.uid = uid;
        this.columns = columns.apply(this);
        this.artifact = check(artifact, getClass().getSimpleName(), kind);
        this.network = network;
    }

    private static ModelArtifactManifest check(ModelArtifactManifest artifact, String type, String kind) {
        if (artifact.textFeatures() != null || artifact.inputShape() == null || artifact.inputAdapter() != null
            || artifact.training() != null && artifact.training().family() != null) {
            throw new UsageException("model " + artifact.model() + ": a " + type + " needs a " + kind
                + " trained on feature vectors or images, not " + (artifact.textFeatures() != null ? "text"
                : artifact.training() != null && artifact.training().family() != null ? "a generative model"
                : artifact.inputAdapter() != null ? "images adapted to another shape" : "unknown input"));
        }
        return artifact;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<String>[] scoringParams() {
        return columns.clone();
    }

    /** The artifact's manifest: model name, input shape, labels, training settings and metrics. */
    public ModelArtifactManifest artifact() {
        return artifact;
    }

    /** The trained DL4J network (a {@code MultiLayerNetwork} or {@code ComputationGraph}). */
    public NeuralNetwork network() {
        return network;
    }

    /** Whether the network takes images ({@link ImageColumn}) rather than feature vectors (input 1xNx1). */
    public boolean imageInput() {
        return artifact.convolutional() || artifact.inputShape().height() != 1 || artifact.inputShape().channels() != 1;
    }

    /** Values per feature vector (or per image: height x width x channels) the network takes. */
    public int numFeatures() {
        return artifact.inputShape().size();
    }

    /** {@code schema} with this model's output columns appended, after checking the features column. */
    protected abstract StructType outputSchema(StructType schema);

    /** What the model appends to each row from the network's output. */
    abstract RowScores scores();

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = outputSchema(schema);
        DataType type = schema.apply(getFeaturesCol()).dataType();
        if (imageInput() != ImageColumn.isImage(type)) {
            throw new UsageException("featuresCol '" + getFeaturesCol() + "': has type " + type.simpleString()
                + "; the model takes " + (imageInput() ? artifact.inputShape()
                + " images (Spark's image struct or binary pixels)" : "vectors of " + numFeatures() + " values"));
        }
        StructField features = schema.apply(getFeaturesCol());
        int size = features.dataType().equals(SQLDataTypes.VectorType()) ? AttributeGroup.fromStructField(features).size()
            : -1;
        if (size >= 0 && size != numFeatures()) {
            throw new UsageException("featuresCol '" + getFeaturesCol() + "': its vectors have " + size
                + " values (column metadata); the model takes " + numFeatures());
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        BatchScorer scorer = new BatchScorer(NetworkBlueprint.of(network), jsc.broadcast(NetworkState.of(network)),
            dataset.schema().fieldIndex(getFeaturesCol()), getFeaturesCol(), new BatchScorer.Input(numFeatures(),
                imageInput() ? artifact.inputShape() : null, artifact.convolutional()), scores(),
            GpuPinning.requested(jsc.getConf()));
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    @Override
    public MLWriter write() {
        return new ModelFiles.Writer(this);
    }
}
