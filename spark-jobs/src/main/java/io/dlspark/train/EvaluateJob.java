package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.InputStream;

/** The {@code dlspark evaluate} job: loads an artifact, checks it against the shard set, evaluates one split. */
public final class EvaluateJob {
    private final SparkSession spark;

    public EvaluateJob(SparkSession spark) {
        this.spark = spark;
    }

    /** The report and where its JSON was written. */
    public record Result(EvaluationReport report, String output) {
    }

    public Result run(String modelUri, String dataUri, Split split, String outputUri, Integer workers) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path modelRoot = new Path(modelUri);
        Path manifestPath = new Path(modelRoot, ModelArtifactManifest.FILE_NAME);
        if (!HadoopFiles.exists(manifestPath, conf)) {
            throw new UsageException("--model " + modelRoot + ": no " + ModelArtifactManifest.FILE_NAME
                + " here (is it the output of a finished dlspark train?)");
        }
        if (io.dlspark.core.gen.GenerativeArtifact.isGenerative(modelRoot, conf)) {
            throw new UsageException("--model " + modelRoot + " is a generative model; evaluate it with --generative --classifier <classifier artifact>");
        }
        ModelArtifactManifest artifact = Json.read(HadoopFiles.readString(manifestPath, conf), ModelArtifactManifest.class,
            manifestPath.toString());
        ShardManifest data = ManifestIo.read(new Path(dataUri), conf);
        if (!artifact.labelNames().equals(data.labelNames())) {
            throw new UsageException("--model " + modelRoot + " predicts classes " + artifact.labelNames()
                + " but --data " + dataUri + " has classes " + data.labelNames());
        }
        if (!artifact.inputShape().equals(data.shape())) {
            throw new UsageException("--model " + modelRoot + " takes input " + artifact.inputShape()
                + " but --data " + dataUri + " holds " + data.shape());
        }
        if (data.count(split) == 0) {
            throw new UsageException("--data " + dataUri + " has no " + split.dirName() + " records");
        }
        Path modelFile = new Path(modelRoot, ModelArtifactManifest.MODEL_FILE);
        NeuralNetwork net;
        try (InputStream in = HadoopFiles.fs(modelFile, conf).open(modelFile)) {
            net = Networks.load(artifact.networkKind(), in, modelFile.toString());
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = workers != null ? workers : jsc.defaultParallelism();
        TrainingData records = TrainingData.load(
            spark.read().parquet(new Path(new Path(dataUri), split.dirName()).toString()), tasks, 0, data.shape().size());
        EvaluationReport report;
        try {
            report = new DistributedEvaluator(jsc).evaluate(split.dirName(), records, NetworkBlueprint.of(net),
                NetworkState.of(net), MinibatchAssembler.forData(data.shape(), data.classCount(), artifact.convolutional(),
                    artifact.inputAdapter()),
                data.labelNames());
        } finally {
            records.release();
        }
        Path output = outputUri != null ? new Path(outputUri) : new Path(modelRoot, "metrics-" + split.dirName() + ".json");
        AtomicFiles.writeString(output, Json.pretty(report), conf);
        return new Result(report, output.toString());
    }
}
