package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.Transfer;
import io.dlspark.core.transfer.TransferSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The {@code dlspark transfer} job: loads a base model (dlspark artifact or Keras HDF5), checks on the driver that
 * it fits the new data, freezes its lower layers and replaces its head ({@link Transfer}), and fine-tunes it with
 * the parameter-averaging master through {@link TrainJob}. The artifact's manifest records the base's provenance.
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
     */
    public record Request(String base, TransferSettings transfer, TrainRequest train) {
    }

    public TrainResult run(Request request) throws IOException {
        return run(request, stats -> { });
    }

    public TrainResult run(Request request, ParameterAveragingMaster.RoundListener onRound) throws IOException {
        TransferSource source = prepare(request);
        return new TrainJob(spark, console).run(request.train(), source, onRound);
    }

    /** Loads the base and checks it against the data, on the driver only: no Spark job runs before this passes. */
    private TransferSource prepare(Request request) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String dataUri = request.train().data();
        ShardManifest data = ManifestIo.read(new Path(dataUri), conf);
        BaseModel base = BaseModel.load(request.base(), conf);
        if (base.artifact() != null && !base.artifact().inputShape().equals(data.shape())) {
            throw new UsageException("--base " + request.base() + " takes input " + base.artifact().inputShape()
                + " but --data " + dataUri + " holds " + data.shape() + "; the shapes must match");
        }
        TransferSource source = new TransferSource(base, request.transfer());
        NeuralNetwork prepared = source.build(data, request.train().settings().seed());
        ModelCompatibility.check(prepared, source.name(), data.shape(), data.classCount(), source.convolutional());
        return source;
    }
}
