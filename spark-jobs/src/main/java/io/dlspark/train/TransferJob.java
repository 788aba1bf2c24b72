package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.Transfer;
import io.dlspark.core.transfer.TransferSettings;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Set;

/**
 * The {@code dlspark transfer} job: loads a base model (dlspark artifact or Keras HDF5), checks on the driver that
 * it fits the new data, freezes its lower layers and replaces its head ({@link Transfer}), or takes a pretrained
 * encoder whole ({@link PretrainedEncoder}), and fine-tunes it through {@link TrainJob}, recording the base.
 */
public final class TransferJob {
    private final SparkSession spark;
    private final PrintWriter console;

    public TransferJob(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /**
     * One transfer run.
     *
     * @param base     the base artifact folder or Keras file
     * @param transfer what to freeze, whether to replace the head, the unfreezing schedule
     * @param train    data, output and fine-tuning settings; its optimizer carries the fine-tuning learning rate
     * @param inputAdapter the steps that may bring the data's records to the base's input shape (empty: none)
     */
    public record Request(String base, TransferSettings transfer, TrainingConfig train, Set<InputAdapter.Step> inputAdapter) {
        public Request(String base, TransferSettings transfer, TrainingConfig train) {
            this(base, transfer, train, Set.of());
        }

        public Request {
            inputAdapter = Set.copyOf(inputAdapter);
        }
    }

    public TrainResult run(Request request) throws IOException {
        return run(request, stats -> { });
    }

    public TrainResult run(Request request, ParameterAveragingMaster.RoundListener onRound) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark transfer")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            // a bad --data URI is named before the base model is read
            Path data = PathOption.of("--data", request.train().data(), conf);
            BaseModel base = BaseModel.load(request.base(), conf);
            ModelSource source = PretrainedEncoder.pretrained(base)
                ? PretrainedEncoder.of(base, request, data, conf)
                : prepare(base, request, data, conf);
            return new TrainJob(spark, console).run(request.train(), source, onRound);
        }
    }

    /** Checks the base against the data, on the driver only: no Spark job runs before this passes. */
    private TransferSource prepare(BaseModel base, Request request, Path dataPath, Configuration conf) throws IOException {
        if (!request.train().modelOverrides().isEmpty()) {
            throw new UsageException("model override " + request.train().modelOverrides().keySet().iterator().next()
                + ": --base " + base.uri() + " is a trained network, built as it was saved; only a pretrained encoder's "
                + "head takes overrides (--pooling, --windows)");
        }
        String dataUri = request.train().data();
        ShardManifest data = ManifestIo.read(dataPath, conf);
        InputAdapter adapter = inputAdapter(base, data, dataUri, request.inputAdapter());
        TransferSource source = new TransferSource(base, request.transfer(), adapter);
        NeuralNetwork prepared = source.build(ModelInput.of(data), data.classCount(), request.train().seed());
        ModelCompatibility.check(prepared, source.name(), data.shape(), data.classCount(), source.convolutional(), adapter);
        return source;
    }

    /**
     * The adapter from the records of {@code data} to the input of {@code base} made of exactly {@code steps}, or null
     * when none is needed; a shape mismatch without the steps to cover it is a usage error naming both shapes.
     */
    public static InputAdapter inputAdapter(BaseModel base, ShardManifest data, String dataUri, Set<InputAdapter.Step> steps) {
        if (base.artifact() != null) {
            return InputAdapter.plan(data.shape(), base.networkInputShape(), steps, "--data " + dataUri, "--base " + base.uri());
        }
        if (!steps.isEmpty()) {
            throw new UsageException("--input-adapter: --base " + base.uri() + " is a Keras model whose input shape "
                + "dlspark does not record; adapt the data at ingest instead (--image-shape, --resize)");
        }
        return null;
    }
}
