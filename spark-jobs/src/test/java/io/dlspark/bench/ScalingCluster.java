package io.dlspark.bench;

import io.dlspark.spark.SparkSessions;
import io.dlspark.testing.ChildProcess;
import io.dlspark.testing.LoopbackPorts;
import io.dlspark.testing.ProjectDir;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Spark standalone cluster for the scaling benchmark: {@code deploy/local-cluster.sh} with one 1-core worker per
 * executor on 127.0.0.1, and one application per worker count whose executors run from this JVM's class path.
 */
final class ScalingCluster implements AutoCloseable {
    private static final long START_SECONDS = 300;
    private final Path root = ProjectDir.get();
    private final Map<String, String> env;
    private final String masterUrl;
    private final String executorMemory;

    private ScalingCluster(Map<String, String> env, String masterUrl, String executorMemory) {
        this.env = env;
        this.masterUrl = masterUrl;
        this.executorMemory = executorMemory;
    }

    /** Starts {@code workers} standalone workers offering {@code workerMemory} each (a heap of {@code executorMemory}). */
    static ScalingCluster start(int workers, String workerMemory, String executorMemory) {
        Path state;
        try {
            // a folder of its own: stopping this cluster must never stop another benchmark's
            Path parent = Files.createDirectories(ProjectDir.get().resolve("target/scaling-cluster"));
            state = Files.createTempDirectory(parent, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = Map.of(
            "DLSPARK_CLUSTER_DIR", state.toString(),
            "DLSPARK_MASTER_PORT", Integer.toString(freePort()),
            "DLSPARK_MASTER_WEBUI_PORT", Integer.toString(freePort()),
            "DLSPARK_WORKER_WEBUI_PORT", Integer.toString(freePort() + 100),
            "DLSPARK_CLUSTER_TIMEOUT", Long.toString(START_SECONDS));
        String out = script(env, "start", "--workers", Integer.toString(workers), "--cores-per-worker", "1",
            "--memory-per-worker", workerMemory);
        String url = out.lines().filter(l -> l.startsWith("spark://")).reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException("deploy/local-cluster.sh printed no master URL:\n" + out));
        return new ScalingCluster(env, url, executorMemory);
    }

    /**
     * An application of {@code executors} 1-core executors, returned once all have registered; the executors get the
     * job jar, a jar of the test classes (the benchmark's no-op trainable is test code) and the project's JVM options.
     */
    SparkSession session(int executors) {
        SparkConf conf = new SparkConf(false).setMaster(masterUrl).setAppName("dlspark scaling W=" + executors)
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.cores.max", Integer.toString(executors)).set("spark.executor.cores", "1")
            .set("spark.executor.memory", executorMemory).set("spark.executor.memoryOverhead", "768m")
            .set("spark.jars", root.resolve("spark-jobs/target/dlspark-jobs.jar").toUri() + ","
                + TestClassesJar.write(root.resolve("spark-jobs/target/test-classes"),
                    Path.of(env.get("DLSPARK_CLUSTER_DIR"), "dlspark-bench-tests.jar")).toUri())
            .set("spark.executor.extraJavaOptions", jvmOptions())
            .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
            .set("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s");
        SparkSession spark = SparkSession.builder().config(SparkSessions.withDefaults(conf)).getOrCreate();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        // getExecutorInfos lists the driver too
        while (spark.sparkContext().statusTracker().getExecutorInfos().length - 1 < executors) {
            if (System.nanoTime() > deadline) {
                spark.stop();
                throw new IllegalStateException("only " + (spark.sparkContext().statusTracker().getExecutorInfos().length
                    - 1) + " of " + executors + " executors registered within " + START_SECONDS + " s");
            }
            sleep(200);
        }
        return spark;
    }

    String masterUrl() {
        return masterUrl;
    }

    @Override
    public void close() {
        script(env, "stop");
    }

    private String jvmOptions() {
        try {
            List<String> lines = Files.readAllLines(root.resolve("conf/jvm.options"), StandardCharsets.UTF_8);
            return lines.stream().map(String::trim).filter(l -> l.startsWith("-")).collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String script(Map<String, String> env, String... args) {
        Path root = ProjectDir.get();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/local-cluster.sh").toString()));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("dlspark-scaling-cluster", ".log");
            ChildProcess.Run run = ChildProcess.run(root, log, env, START_SECONDS + 60, command);
            Files.deleteIfExists(log);
            if (run.exitCode() != 0) {
                throw new IllegalStateException("deploy/local-cluster.sh " + args[0] + " failed (exit " + run.exitCode()
                    + "):\n" + run.output());
            }
            return run.output();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running deploy/local-cluster.sh", e);
        }
    }

    private static int freePort() {
        try {
            return LoopbackPorts.free();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for executors", e);
        }
    }
}
