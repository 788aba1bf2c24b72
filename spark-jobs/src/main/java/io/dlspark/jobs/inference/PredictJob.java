package io.dlspark.jobs.inference;

import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.gen.GenerativeArtifact;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.train.InferenceBatch;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.engine.NetworkPool;
import io.dlspark.feed.FeatureCodec;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code dlspark predict} job: batch inference of a model artifact over a shard set, a folder of documents (text
 * models, through the artifact's vectoriser) or of PNG/JPEG images (image models), written atomically as Parquet or
 * JSON lines. Each row holds {@code id}, {@code
 * predicted}, {@code probabilities} and {@code error}.
 */
public final class PredictJob {
    public static final String ID = "id";
    public static final String PREDICTED = "predicted";
    public static final String PROBABILITIES = "probabilities";
    public static final String ERROR = "error";
    private static final StructType OUTPUT = new StructType()
        .add(ID, DataTypes.StringType, false)
        .add(PREDICTED, DataTypes.StringType, true)
        .add(PROBABILITIES, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true)
        .add(ERROR, DataTypes.StringType, true);

    private final SparkSession spark;

    public PredictJob(SparkSession spark) {
        this.spark = spark;
    }

    /** Output formats. */
    public enum Format { PARQUET, JSONL }

    /** How many inputs were predicted and how many got an error row. */
    public record Result(String output, long predicted, long errors) {
    }

    public Result run(String modelUri, String inputUri, String outputUri, Format format, boolean overwrite)
        throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark predict")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path modelRoot = PathOption.of("--model", modelUri, conf);
            Path input = PathOption.of("--input", inputUri, conf);
            Path output = PathOption.of("--output", outputUri, conf);
            ModelArtifactManifest artifact = model(modelUri, inputUri, outputUri, conf);
            PredictInputs source = PredictInputs.of(artifact, modelRoot);
            NeuralNetwork net = EvaluateJob.readNetwork(modelRoot, artifact, conf);
            Dataset<Row> parsed = source.read(spark, input, conf)
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            try (AtomicOutput out = AtomicOutput.begin(output, conf, overwrite)) {
                Dataset<Row> predictions = predict(parsed.filter(functions.col(ERROR).isNull()), source.features(), net,
                        artifact.labelNames(), artifact.convolutional())
                    .union(parsed.filter(functions.col(ERROR).isNotNull()).select(functions.col(ShardColumns.RECORD_ID).as(ID),
                        functions.lit(null).cast(DataTypes.StringType).as(PREDICTED),
                        functions.lit(null).cast(OUTPUT.apply(PROBABILITIES).dataType()).as(PROBABILITIES),
                        functions.col(ERROR)))
                    .orderBy(ID);
                Path data = new Path(out.temporary(), "data");
                if (format == Format.JSONL) {
                    predictions.write().json(data.toString());
                } else {
                    predictions.write().parquet(data.toString());
                }
                long errors = parsed.filter(functions.col(ERROR).isNotNull()).count();
                long total = parsed.count();
                out.commit();
                return new Result(new Path(out.target(), "data").toString(), total - errors, errors);
            } finally {
                parsed.unpersist();
            }
        }
    }

    /**
     * The manifest of the classifier at {@code modelUri}, read and checked on the driver with the input and output
     * paths (the CLI calls this before Spark starts): an unknown URI scheme, a missing or unreadable artifact, or a
     * generative model, is an error naming the option.
     */
    public static ModelArtifactManifest model(String modelUri, String inputUri, String outputUri, Configuration conf)
        throws IOException {
        Path modelRoot = PathOption.of("--model", modelUri, conf);
        PathOption.of("--input", inputUri, conf);
        PathOption.of("--output", outputUri, conf);
        ModelArtifactManifest artifact = ArtifactFiles.read(modelRoot, conf, "--model");
        if (GenerativeArtifact.isGenerative(modelRoot, conf)) {
            throw new UsageException("--model " + modelRoot + " is a generative model; dlspark predict takes classifiers "
                + "(use dlspark generate)");
        }
        return artifact;
    }

    /** Runs the network over the vectorised rows, partition by partition, in minibatches. */
    private Dataset<Row> predict(Dataset<Row> texts, FeatureInputs inputs, NeuralNetwork net, List<String> labels,
                                 boolean convolutional) {
        Dataset<Row> rows = inputs.rows(texts.withColumn(ShardColumns.LABEL, functions.lit(0))
            .withColumn(ShardColumns.GROUP, functions.lit(null).cast(DataTypes.StringType)));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        NetworkBlueprint blueprint = NetworkBlueprint.of(net);
        Broadcast<NetworkState> state = jsc.broadcast(NetworkState.of(net));
        FeatureCodec codec = inputs.codec();
        MinibatchAssembler assembler = inputs.assembler(labels.size(), convolutional);
        boolean gpus = GpuPinning.requested(jsc.getConf());
        JavaRDD<Row> out = rows.javaRDD().mapPartitions((Iterator<Row> it) -> {
            List<String> ids = new ArrayList<>();
            List<Serializable> features = new ArrayList<>();
            it.forEachRemaining(row -> {
                ids.add(row.getString(0));
                features.add(codec.read(row, 2));
            });
            if (ids.isEmpty()) {
                return List.<Row>of().iterator();
            }
            PartitionData data = new PartitionData(0, codec.pack(ids, features), new int[ids.size()],
                ids.stream().mapToLong(RecordSeeds::recordKey).toArray(), null);
            try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
                int device = GpuPinning.deviceOf(gpus);
                NeuralNetwork worker = NetworkPool.borrow(blueprint, device);
                try {
                    state.value().applyTo(worker);
                    return predictPartition(worker, data, ids, assembler, labels).iterator();
                } finally {
                    NetworkPool.release(blueprint, device, worker);
                }
            }
        });
        return spark.createDataFrame(out, OUTPUT);
    }

    private static List<Row> predictPartition(NeuralNetwork net, PartitionData data, List<String> ids,
                                              MinibatchAssembler assembler, List<String> labels) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Row> rows = new ArrayList<>(data.size());
        int perPass = InferenceBatch.rows(data.features());
        for (int from = 0; from < data.size(); from += perPass) {
            int to = Math.min(from + perPass, data.size());
            INDArray output = Networks.output(net, assembler.assemble(data, order, from, to).getFeatures());
            for (int k = 0; k < to - from; k++) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                int best = 0;
                for (int c = 0; c < labels.size(); c++) {
                    probabilities.put(labels.get(c), output.getDouble(k, c));
                    best = output.getDouble(k, c) > output.getDouble(k, best) ? c : best;
                }
                rows.add(RowFactory.create(ids.get(from + k), labels.get(best),
                    scala.jdk.javaapi.CollectionConverters.asScala(probabilities), null));
            }
        }
        return rows;
    }

    /** Parses {@code parquet} or {@code jsonl}. */
    public static Format format(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "parquet" -> Format.PARQUET;
            case "jsonl" -> Format.JSONL;
            default -> throw new UsageException("--format: '" + text + "' is not parquet or jsonl");
        };
    }
}
