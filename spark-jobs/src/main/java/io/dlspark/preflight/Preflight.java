package io.dlspark.preflight;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.nn.ModelMemory;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks on the driver before a run's first Spark job (allocation, GPU backend, writable folders, task slots,
 * add-opens, memory overhead), failing with every problem found and what to change (exit code 2).
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

    /**
     * Before training: ND4J's off-heap needs of {@code net} (named {@code model}) taking {@code input} in
     * minibatches of {@code batchSize}, against the executors' memory overhead on a cluster, or in local mode against
     * this JVM's limit ({@link ModelMemory#limitBytes()}), which the driver and up to {@code workers} tasks share.
     */
    public static void trainingMemory(SparkSession spark, NeuralNetwork net, String model, ModelInput input,
                                      boolean convolutional, int classes, int batchSize, int workers) {
        MemoryNeed need = MemoryNeed.estimate(net, input, convolutional, classes, batchSize);
        SparkContext sc = spark.sparkContext();
        Optional<String> problem = sc.isLocal()
            ? LocalMemoryCheck.check(need, Math.min(workers, TaskSlotCheck.slots(sc, workers, 0)), ModelMemory.limitBytes(),
                model, batchSize)
            : MemoryOverheadCheck.check(sc.getConf(), need, model, batchSize);
        fail(problem.stream().toList());
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new UsageException(problems.size() == 1 ? "preflight check failed: " + problems.get(0)
                : "preflight checks failed:\n  - " + String.join("\n  - ", problems));
        }
    }
}
