package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.Transfer;
import io.dlspark.engine.NetworkPool;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.shards.ShardSchemas;
import io.dlspark.shards.ShardSetWriter;
import io.dlspark.spark.JobDescription;
import io.dlspark.train.TransferJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code dlspark transfer --features-only}: writes the activations of a base network's lower layers (by default the
 * layer feeding the head) for every split of an image shard set as a {@link RecordFormat#FEATURES_FLOAT32} shard set
 * with the same ids, labels and splits. The output appears only when complete.
 */
public final class FeatureJob {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureJob.class);
    private static final int BATCH = 256;

    private final SparkSession spark;

    public FeatureJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * One feature extraction.
     *
     * @param base         the base artifact folder or Keras file
     * @param data         the image shard set
     * @param output       the feature shard set to write
     * @param layer        the layer whose activations are written (name or index), or null for the one feeding the head
     * @param inputAdapter steps that may bring the data's records to the base's input shape
     * @param overwrite    replace an existing output
     */
    public record Request(String base, String data, String output, String layer, Set<InputAdapter.Step> inputAdapter,
                          boolean overwrite) {
        public Request {
            inputAdapter = Set.copyOf(inputAdapter);
        }
    }

    public ShardManifest run(Request request) throws IOException {
        try (JobDescription job = JobDescription.of(spark, "dlspark features")) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path dataRoot = PathOption.of("--data", request.data(), conf);
            Path output = PathOption.of("--output", request.output(), conf);
            ShardManifest data = ManifestIo.read(dataRoot, conf);
            if (data.recordFormat() != RecordFormat.IMAGE_UINT8_HWC) {
                throw new UsageException("--data " + dataRoot + ": --features-only reads image shards, not " + data.recordFormat());
            }
            BaseModel base = BaseModel.load(request.base(), conf);
            InputAdapter adapter = TransferJob.inputAdapter(base, data, request.data(), request.inputAdapter());
            int layer = Transfer.featureLayer(base.network(), request.layer());
            MinibatchAssembler assembler = MinibatchAssembler.forData(data.shape(), data.classCount(), base.convolutional(), adapter);
            PartitionData blank = new PartitionData(0, new byte[data.shape().size()], new int[] {0}, new long[1], data.shape().size());
            int featureSize;
            try {
                featureSize = (int) features((MultiLayerNetwork) base.network(), layer,
                    assembler.assemble(blank, new int[] {0}, 0, 1).getFeatures()).columns();
            } catch (RuntimeException e) {
                throw new UsageException("--base " + request.base() + " does not accept the data's input shape "
                    + assembler.shape() + ": " + e.getMessage(), e);
            }

            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            NetworkBlueprint blueprint = NetworkBlueprint.of(base.network());
            Broadcast<NetworkState> published = jsc.broadcast(NetworkState.of(base.network()));
            boolean gpus = GpuPinning.requested(jsc.getConf());
            try (AtomicOutput out = AtomicOutput.begin(output, conf, request.overwrite())) {
                for (Split split : Split.values()) {
                    if (data.count(split) == 0) {
                        continue;
                    }
                    try (JobDescription described = JobDescription.of(jsc.sc(), "dlspark features " + split.dirName())) {
                        JavaRDD<Row> rows = spark.read().parquet(new Path(dataRoot, split.dirName()).toString())
                            .select(ShardColumns.RECORD_ID, ShardColumns.LABEL, ShardColumns.PIXELS, ShardColumns.SOURCE)
                            .javaRDD()
                            .mapPartitions(it -> {
                                try (DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
                                    return extract(it, blueprint, published, assembler, layer, GpuPinning.deviceOf(gpus));
                                }
                            });
                        Path splitDir = new Path(out.temporary(), split.dirName());
                        ShardSchemas.writer(spark.createDataFrame(rows, ShardSchemas.schema(RecordFormat.FEATURES_FLOAT32)))
                            .parquet(splitDir.toString());
                        HadoopFiles.fs(splitDir, conf).delete(new Path(splitDir, "_SUCCESS"), false);
                    }
                }
                ShardManifest manifest = new ShardManifest(ShardManifest.SCHEMA_VERSION, data.dataset(),
                    List.of(dataRoot.toString(), base.uri()), RecordFormat.FEATURES_FLOAT32, new ImageShape(1, featureSize, 1),
                    data.labelNames(), data.seed(), data.validationFraction(), data.splits(),
                    ShardSetWriter.files(out.temporary(), conf), data.sourceChecksums(), data.badRecords(),
                    Instant.now().toString(), Versions.dlspark(), null, data.subset());
                ManifestIo.write(manifest, out.temporary(), conf);
                out.commit();
                LOG.info("Wrote {} features per record of layer {} of {} to {}", featureSize, layer, base.modelName(), out.target());
                return manifest;
            } finally {
                published.destroy();
            }
        }
    }

    /** The activations of {@code layer} for {@code input}, one row per record. */
    static INDArray features(MultiLayerNetwork net, int layer, INDArray input) {
        INDArray activations = net.feedForwardToLayer(layer, input, false).get(layer + 1);
        return activations.reshape('c', activations.size(0), activations.length() / activations.size(0));
    }

    private static Iterator<Row> extract(Iterator<Row> it, NetworkBlueprint blueprint, Broadcast<NetworkState> state,
                                         MinibatchAssembler assembler, int layer, int device) {
        NeuralNetwork net = NetworkPool.borrow(blueprint, device);
        try {
            state.value().applyTo(net);
            int recordSize = assembler.adapter() == null ? assembler.shape().size() : assembler.adapter().from().size();
            List<Row> out = new ArrayList<>();
            List<Row> batch = new ArrayList<>(BATCH);
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == BATCH || !it.hasNext()) {
                    write(batch, (MultiLayerNetwork) net, assembler, layer, recordSize, out);
                    batch.clear();
                }
            }
            return out.iterator();
        } finally {
            NetworkPool.release(blueprint, device, net);
        }
    }

    private static void write(List<Row> batch, MultiLayerNetwork net, MinibatchAssembler assembler, int layer,
                              int recordSize, List<Row> out) {
        int n = batch.size();
        byte[] pixels = new byte[n * recordSize];
        int[] labels = new int[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] record = (byte[]) batch.get(i).get(2);
            if (record.length != recordSize) {
                throw new IllegalStateException("record " + batch.get(i).getString(0) + " has " + record.length
                    + " pixel bytes, the manifest's shape needs " + recordSize);
            }
            System.arraycopy(record, 0, pixels, i * recordSize, recordSize);
            labels[i] = batch.get(i).getInt(1);
            order[i] = i;
        }
        PartitionData data = new PartitionData(0, pixels, labels, new long[n], recordSize);
        float[][] rows = features(net, layer, assembler.assemble(data, order, 0, n).getFeatures()).toFloatMatrix();
        for (int i = 0; i < n; i++) {
            Row in = batch.get(i);
            out.add(RowFactory.create(in.getString(0), in.getInt(1), rows[i], in.getString(3)));
        }
    }
}
