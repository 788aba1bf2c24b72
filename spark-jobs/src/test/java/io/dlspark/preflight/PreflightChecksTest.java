package io.dlspark.preflight;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ProjectDir;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each preflight check: the failing case with its message, and the passing case. */
class PreflightChecksTest {
    private static final ImageShape MNIST = new ImageShape(28, 28, 1);

    @TempDir
    java.nio.file.Path dir;

    private static void assertProblem(Optional<String> problem, String... parts) {
        assertTrue(problem.isPresent(), "expected a problem");
        for (String part : parts) {
            assertTrue(problem.get().contains(part), "'" + part + "' missing from: " + problem.get());
        }
    }

    @Test
    void dynamicAllocation() {
        assertProblem(DynamicAllocationCheck.check(new SparkConf(false).set("spark.dynamicAllocation.enabled", "true")),
            "spark.dynamicAllocation.enabled=false");
        assertEquals(Optional.empty(), DynamicAllocationCheck.check(new SparkConf(false)));
    }

    @Test
    void gpuWithoutCudaBackend() {
        SparkConf gpus = new SparkConf(false).set("spark.executor.resource.gpu.amount", "1")
            .set("spark.task.resource.gpu.amount", "1");
        assertProblem(GpuBackendCheck.check(gpus, "org.nd4j.linalg.cpu.nativecpu.CpuBackend"), "-Pcuda", "CpuBackend");
        assertEquals(Optional.empty(), GpuBackendCheck.check(gpus, "org.nd4j.linalg.jcublas.JCublasBackend"));
        assertProblem(GpuBackendCheck.check(new SparkConf(false).set("spark.task.resource.gpu.amount", "0.5"),
            "org.nd4j.linalg.jcublas.JCublasBackend"), "0.5", "whole GPU");
        assertProblem(GpuBackendCheck.check(new SparkConf(false).set("spark.executor.resource.gpu.amount", "2"),
            "org.nd4j.linalg.jcublas.JCublasBackend"), "spark.task.resource.gpu.amount=1");
        assertEquals(Optional.empty(), GpuBackendCheck.check(new SparkConf(false), "org.nd4j.linalg.cpu.nativecpu.CpuBackend"));
    }

    @Test
    void unwritableOutput() throws IOException {
        Configuration conf = new Configuration();
        java.nio.file.Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertProblem(WritablePathCheck.check(new Path(file.resolve("runs").toUri()), conf, "pipeline.run-root"),
            "pipeline.run-root", file.resolve("runs").toString());
        assertProblem(WritablePathCheck.check(new Path(file.toUri()), conf, "--output"), "is a file");
        assertEquals(Optional.empty(), WritablePathCheck.check(new Path(dir.resolve("new/runs").toUri()), conf, "x"));
        try (var left = Files.list(dir.resolve("new/runs"))) {
            assertEquals(0, left.count(), "the probe file is removed");
        }
    }

    @Test
    void workersAboveTaskSlots() {
        assertProblem(TaskSlotCheck.check(3, 2, "train.workers"), "train.workers=3", "2 task slots");
        assertEquals(Optional.empty(), TaskSlotCheck.check(2, 2, "train.workers"));
        SparkSession spark = SparkTestSession.get();
        assertEquals(7, TaskSlotCheck.slots(spark.sparkContext(), 8, 60_000), "local[7] has seven slots, at once");
        UsageException e = assertThrows(UsageException.class,
            () -> Preflight.beforeRun(spark, Map.of(), 8, "train.workers"));
        assertTrue(e.getMessage().contains("train.workers=8"), e.getMessage());
        Preflight.beforeRun(spark, Map.of("pipeline.run-root", new Path(dir.resolve("ok").toUri())), 2, "train.workers");
    }

    @Test
    void addOpensMissingOnExecutors() throws IOException {
        assertEquals(List.of("java.base/java.text"),
            AddOpensCheck.missingHere(List.of("java.base/java.lang", "java.base/java.text")));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        assertProblem(AddOpensCheck.check(jsc, List.of("java.base/java.nio", "java.base/java.text")),
            "--add-opens=java.base/java.text=ALL-UNNAMED", "conf/jvm.options");
        assertEquals(Optional.empty(), AddOpensCheck.check(jsc, AddOpensCheck.REQUIRED), "the test JVM has conf/jvm.options");
        List<String> fromFile = Files.readAllLines(ProjectDir.get().resolve("conf/jvm.options"))
            .stream().filter(l -> l.startsWith("--add-opens=")).map(l -> l.substring("--add-opens=".length(), l.indexOf('=', 12)))
            .toList();
        assertEquals(fromFile, AddOpensCheck.REQUIRED, "the probe checks what conf/jvm.options opens");
    }

    @Test
    void memoryOverheadAgainstTheModelsNeeds() {
        NeuralNetwork lenet = ModelCatalog.resolve("lenet").build(new io.dlspark.core.model.ModelInput.ImageInput(MNIST), 10,
            OptimizerConfig.adam(1e-3), 1);
        MemoryNeed small = MemoryNeed.estimate(lenet, new io.dlspark.core.model.ModelInput.ImageInput(MNIST), true, 10, 64);
        MemoryNeed large = MemoryNeed.estimate(lenet, new io.dlspark.core.model.ModelInput.ImageInput(MNIST), true, 10, 4096);
        long params = lenet.params().length();
        assertTrue(small.fixedBytes() >= 3 * params * Float.BYTES, "parameters and Adam's two moments: " + small);
        assertEquals(small.fixedBytes(), large.fixedBytes());
        assertTrue(large.perBatchBytes() > 32 * small.perBatchBytes(), "activations grow with the batch: " + small + " " + large);

        SparkConf roomy = new SparkConf(false).set("spark.executor.memory", "2g").set("spark.executor.memoryOverhead", "2g");
        assertEquals(Optional.empty(), MemoryOverheadCheck.check(roomy, small, "lenet", 64));
        SparkConf tight = new SparkConf(false).set("spark.executor.memory", "2g").set("spark.executor.cores", "4");
        assertProblem(MemoryOverheadCheck.check(tight, large, "lenet", 4096), "spark.executor.memoryOverhead is 384 MiB",
            "x 4 task(s)", "raise spark.executor.memoryOverhead");
    }

    @Test
    void localModeNeedsOfTheDriverAndConcurrentTasksAgainstTheNativeLimit() {
        MemoryNeed need = new MemoryNeed(100L << 20, 400L << 20);
        assertEquals(Optional.empty(), LocalMemoryCheck.check(need, 2, 1100L << 20, "lenet", 64));
        assertProblem(LocalMemoryCheck.check(need, 2, 1099L << 20, "lenet", 64),
            "training lenet with batch 64 in local mode needs about 1.1 GiB", "2 task(s) x (parameters, gradients and "
                + "updater state 100.0 MiB + activations and minibatch 400.0 MiB) + the driver's copy 100.0 MiB",
            "more than the limit org.bytedeco.javacpp.maxbytes=1.1 GiB", "lower --batch-size or --workers");
    }

    @Test
    void memoryNeedsOfVectorAndTokenInputs() {
        io.dlspark.core.model.ModelInput vectors = new io.dlspark.core.model.ModelInput.VectorInput(300);
        MemoryNeed mlp = MemoryNeed.estimate(ModelCatalog.resolve("mlp").build(vectors, 2, OptimizerConfig.adam(1e-3), 1),
            vectors, false, 2, 32);
        assertTrue(mlp.perBatchBytes() >= 32L * (300 + 2) * Float.BYTES, "the minibatch itself: " + mlp);
        io.dlspark.core.model.ModelInput tokens = new io.dlspark.core.model.ModelInput.TokenInput(40, 500);
        MemoryNeed textCnn = MemoryNeed.estimate(ModelCatalog.resolve("text-cnn").build(tokens, 2,
            OptimizerConfig.adam(1e-3), 1), tokens, false, 2, 32);
        assertTrue(textCnn.fixedBytes() > 500L * Float.BYTES && textCnn.perBatchBytes() > 32L * 40 * Float.BYTES,
            "embeddings and their activations: " + textCnn);
    }
}
