package io.dlspark.preflight;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.train.TrainRequest;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks on the driver before the first Spark job of a run, failing fast (exit code 2) with every problem found and
 * what to change.
 */
public final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
    /** How long to wait for executors to register before counting task slots. */
    static final long SLOT_WAIT_MILLIS = 60_000;

    private Preflight() {
    }

    /**
     * The checks of a whole run.
     *
     * @param writable folders that must be writable, with how the user named each (e.g. {@code pipeline.run-root})
     * @param workers  worker tasks training will use, with the key that set them, or null for the default
     */
    public static void beforeRun(SparkSession spark, Map<String, Path> writable, Integer workers, String workersKey) {
        SparkConf conf = spark.sparkContext().getConf();
        List<String> problems = new ArrayList<>();
        DynamicAllocationCheck.check(conf).ifPresent(problems::add);
        GpuBackendCheck.check(conf, Nd4j.getBackend().getClass().getName()).ifPresent(problems::add);
        writable.forEach((what, path) -> WritablePathCheck.check(path, spark.sparkContext().hadoopConfiguration(), what)
            .ifPresent(problems::add));
        if (workers != null) {
            TaskSlotCheck.check(workers, TaskSlotCheck.slots(spark.sparkContext(), workers, SLOT_WAIT_MILLIS), workersKey)
                .ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            AddOpensCheck.check(JavaSparkContext.fromSparkContext(spark.sparkContext()), AddOpensCheck.REQUIRED)
                .ifPresent(problems::add);
        }
        fail(problems);
        LOG.info("Preflight checks passed");
    }

    /** Before training: the executors' memory overhead against the model's needs (cluster masters only). */
    public static void trainingMemory(SparkSession spark, TrainRequest request) throws IOException {
        if (!spark.sparkContext().isLocal()) {
            trainingMemory(spark, request, ModelCatalog.resolve(request.model()));
        }
    }

    /** Like {@link #trainingMemory(SparkSession, TrainRequest)} for the network of {@code spec}, e.g. a tuned one. */
    public static void trainingMemory(SparkSession spark, TrainRequest request, ModelSpec spec) throws IOException {
        SparkConf conf = spark.sparkContext().getConf();
        if (spark.sparkContext().isLocal()) {
            return;
        }
        ShardManifest data = ManifestIo.read(new Path(request.data()), spark.sparkContext().hadoopConfiguration());
        OptimizerConfig optimizer = request.optimizer() != null ? request.optimizer() : spec.optimizer();
        NeuralNetwork net = spec.build(ModelInput.of(data), data.classCount(), optimizer, request.settings().seed());
        MemoryNeed need = MemoryNeed.estimate(net, data.shape(), spec.convolutional(), data.classCount(),
            request.settings().batchSize());
        Optional<String> problem = MemoryOverheadCheck.check(conf, need, spec.name(), request.settings().batchSize());
        fail(problem.stream().toList());
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new UsageException("preflight check" + (problems.size() > 1 ? "s" : "") + " failed:\n  - "
                + String.join("\n  - ", problems));
        }
    }
}
