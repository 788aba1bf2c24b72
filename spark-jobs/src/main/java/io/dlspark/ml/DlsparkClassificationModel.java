package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.gpu.GpuPinning;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A trained dlspark classifier as a Spark ML model: {@code transform} adds {@code rawPrediction} (natural-log class
 * probabilities), {@code probability} and {@code prediction} (the class index), scored in batches per partition.
 */
public final class DlsparkClassificationModel extends Model<DlsparkClassificationModel>
    implements ScoringColumns<DlsparkClassificationModel>, MLWritable {
    private final String uid;
    private final Param<String>[] columns;
    private final ModelArtifactManifest artifact;
    private final NeuralNetwork network;

    /** The model of an artifact's manifest and network; an artifact not trained on feature vectors is a usage error. */
    public DlsparkClassificationModel(String uid, ModelArtifactManifest artifact, NeuralNetwork network) {
        this.uid = uid;
        this.columns = ScoringColumns.declare(this);
        this.artifact = check(artifact);
        this.network = network;
    }

    private static ModelArtifactManifest check(ModelArtifactManifest artifact) {
        if (artifact.textFeatures() != null || artifact.inputShape() == null || artifact.convolutional()
            || artifact.inputShape().height() != 1 || artifact.inputShape().channels() != 1
            || artifact.inputAdapter() != null || artifact.training() != null && artifact.training().family() != null) {
            throw new UsageException("model " + artifact.model() + ": a DlsparkClassificationModel needs a classifier "
                + "trained on feature vectors (input 1xNx1), not " + (artifact.textFeatures() != null ? "text"
                : artifact.training() != null && artifact.training().family() != null ? "a generative model"
                : "input " + artifact.inputShape()));
        }
        return artifact;
    }

    /** Loads an artifact written by {@code dlspark train} (or a fit) on feature-vector data. */
    public static DlsparkClassificationModel fromArtifact(String path) {
        return fromArtifact(path, SparkSession.active());
    }

    static DlsparkClassificationModel fromArtifact(String path, SparkSession spark) {
        return fromArtifact(path, spark, Identifiable$.MODULE$.randomUID("dlsparkClassificationModel"));
    }

    static DlsparkClassificationModel fromArtifact(String path, SparkSession spark, String uid) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = new Path(path);
        try {
            ModelArtifactManifest manifest = ArtifactFiles.read(root, conf, "artifact");
            Path file = new Path(root, ModelArtifactManifest.MODEL_FILE);
            try (InputStream in = HadoopFiles.fs(file, conf).open(file)) {
                return new DlsparkClassificationModel(uid, manifest, Networks.load(manifest.networkKind(), in, file.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<String>[] scoringParams() {
        return columns.clone();
    }

    /** The artifact's manifest: model name, input shape, label names, training settings and metrics. */
    public ModelArtifactManifest artifact() {
        return artifact;
    }

    /** The trained DL4J network (a {@code MultiLayerNetwork} or {@code ComputationGraph}). */
    public NeuralNetwork network() {
        return network;
    }

    /** The class names, by class index (string labels in StringIndexer order, or "0".."C-1"). */
    public List<String> labels() {
        return artifact.labelNames();
    }

    public int numClasses() {
        return artifact.labelNames().size();
    }

    /** Values per feature vector the network takes. */
    public int numFeatures() {
        return artifact.inputShape().size();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = outputSchema(schema, this);
        int size = AttributeGroup.fromStructField(schema.apply(getFeaturesCol())).size();
        if (size >= 0 && size != numFeatures()) {
            throw new UsageException("featuresCol '" + getFeaturesCol() + "': its vectors have " + size
                + " values (column metadata); the model takes " + numFeatures());
        }
        return out;
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
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        BatchScorer scorer = new BatchScorer(NetworkBlueprint.of(network), jsc.broadcast(NetworkState.of(network)),
            dataset.schema().fieldIndex(getFeaturesCol()), getFeaturesCol(), numFeatures(), numClasses(),
            GpuPinning.requested(jsc.getConf()));
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    @Override
    public DlsparkClassificationModel copy(ParamMap extra) {
        return copyValues(new DlsparkClassificationModel(uid, artifact, network), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelFiles.Writer(this);
    }

    public static MLReader<DlsparkClassificationModel> read() {
        return new ModelFiles.Reader();
    }

    public static DlsparkClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DlsparkClassificationModel: uid=" + uid + ", model=" + artifact.model() + ", numClasses=" + numClasses()
            + ", numFeatures=" + numFeatures();
    }
}
