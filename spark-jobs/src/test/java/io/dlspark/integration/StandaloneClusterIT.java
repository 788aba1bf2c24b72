package io.dlspark.integration;

import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.ChildProcess;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar on a real Spark standalone cluster: {@code deploy/local-cluster.sh} starts a master and two one-core
 * workers on 127.0.0.1 (free ports, a private state folder), and {@code deploy/submit.sh} runs the ingest and train
 * subcommands on it, with executors in separate JVMs. Their outputs must equal the same jobs run in-process in
 * {@code local[2]}: the ingest shards record by record, and the trained parameters within 1e-5 (oracle (e) of the
 * training issue).
 */
@Tag("integration")
class StandaloneClusterIT {
    private static final long START_TIMEOUT_S = 240;
    private static final long SUBMIT_TIMEOUT_S = 420;
    private static final double PARAM_TOLERANCE = 1e-5;
    private static final int PARTITIONS = 4;

    private static Path jar;
    private static Path work;
    private static Map<String, String> clusterEnv;
    private static String masterUrl;
    private static Path fixture;
    private static Path localShards;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        // Built in the package phase, before this one; the scripts would otherwise start a Maven build of their own.
        jar = ItSupport.projectDir().resolve("spark-jobs/target/dlspark-jobs.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: run the integration tests through mvn verify");
        assertTrue(Files.isDirectory(ItSupport.projectDir().resolve("spark-jobs/target/spark-home/jars")),
            "spark-jobs/target/spark-home/jars missing: run the integration tests through mvn verify");
        work = ItSupport.newWorkDir("it-cluster-");
        fixture = IdxFixtures.writeMnistLike(work.resolve("raw"), 400, 100, 23);
        clusterEnv = ItSupport.clusterEnv(work, START_TIMEOUT_S - 30);
        ChildProcess.Run start = ItSupport.run(work.resolve("cluster-start.log"), clusterEnv, START_TIMEOUT_S,
            "bash", ItSupport.script("deploy/local-cluster.sh").toString(), "start",
            "--workers", "2", "--cores-per-worker", "1");
        assertEquals(0, start.exitCode(), () -> "local-cluster.sh start failed\n" + start.tail(40) + clusterLogs());
        masterUrl = "spark://127.0.0.1:" + clusterEnv.get("DLSPARK_MASTER_PORT");
        assertTrue(start.output().contains(masterUrl), () -> "start printed no " + masterUrl + "\n" + start.tail(20));

        // The in-process reference: the same ingest in local[2], shared by both tests.
        spark = SparkTestSession.get();
        localShards = work.resolve("shards-local");
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, fixture.toUri().toString(),
            localShards.toUri().toString(), new IngestOptions(0.2, 5, null, ResizeMode.NONE, null), PARTITIONS, 0.0, false));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterEnv == null) {
            return;
        }
        ChildProcess.Run stop = ItSupport.run(work.resolve("cluster-stop.log"), clusterEnv, 90,
            "bash", ItSupport.script("deploy/local-cluster.sh").toString(), "stop");
        assertEquals(0, stop.exitCode(), () -> "local-cluster.sh stop failed\n" + stop.tail(20));
        // The workers copied the ~250 MB shaded jar into each executor's folder: keep the logs, drop the copies.
        if (!Files.isDirectory(work.resolve("cluster"))) {
            return;
        }
        try (Stream<Path> files = Files.walk(work.resolve("cluster"))) {
            for (Path copy : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                Files.deleteIfExists(copy);
            }
        }
    }

    @Test
    void ingestOnTheClusterEqualsLocalMode() throws Exception {
        Path clusterShards = work.resolve("shards-cluster");
        submit("ingest", "--dataset", "fashion-mnist", "--input", fixture.toUri().toString(),
            "--output", clusterShards.toUri().toString(), "--seed", "5", "--val-fraction", "0.2",
            "--partitions", Integer.toString(PARTITIONS));

        ShardManifest manifest = ManifestIo.read(new org.apache.hadoop.fs.Path(clusterShards.toUri()),
            spark.sparkContext().hadoopConfiguration());
        assertEquals(320, manifest.count(Split.TRAIN));
        assertEquals(80, manifest.count(Split.VALIDATION));
        assertEquals(100, manifest.count(Split.TEST));
        assertArrayEquals(new long[] {32, 32, 32, 32, 32, 32, 32, 32, 32, 32}, manifest.splits().get("train").perClass());
        assertEquals(0, manifest.badRecords().count());
        assertEquals(5, manifest.seed());

        ShardManifest local = ManifestIo.read(new org.apache.hadoop.fs.Path(localShards.toUri()),
            spark.sparkContext().hadoopConfiguration());
        for (Split split : Split.values()) {
            assertEquals(local.count(split), manifest.count(split), split.dirName());
            List<String> expected = ItSupport.shardRecords(spark, localShards.resolve(split.dirName()));
            List<String> actual = ItSupport.shardRecords(spark, clusterShards.resolve(split.dirName()));
            assertEquals(local.count(split), expected.stream().filter(r -> !r.startsWith("part ")).count(), split.dirName());
            assertEquals(expected, actual, "records of " + split.dirName() + " (id, label, pixel hash, in part-file order)");
        }
        assertEquals(local.sourceChecksums(), manifest.sourceChecksums());
    }

    @Test
    void trainingOnTheClusterEqualsLocalMode() throws Exception {
        assertClusterTrainingEqualsLocalMode("jobs");
    }

    @Test
    void liveExchangeTrainingOnTheClusterEqualsLocalMode() throws Exception {
        assertClusterTrainingEqualsLocalMode("live");
    }

    @Test
    void allReduceExchangeTrainingOnTheClusterEqualsLocalMode() throws Exception {
        assertClusterTrainingEqualsLocalMode("allreduce");
    }

    /** Trains on the two-worker cluster with {@code --exchange exchange} and compares with local[2], one job per round. */
    private static void assertClusterTrainingEqualsLocalMode(String exchange) throws Exception {
        Path clusterModel = work.resolve("model-cluster-" + exchange);
        submit("train", "--data", localShards.toUri().toString(), "--model", "mlp", "--epochs", "2",
            "--output", clusterModel.toUri().toString(), "--workers", "2", "--batch-size", "16",
            "--averaging-frequency", "2", "--seed", "7", "--exchange", exchange);

        MultiLayerNetwork onCluster = ModelSerializer.restoreMultiLayerNetwork(clusterModel.resolve("model.zip").toFile(), false);
        MultiLayerNetwork inProcess = ModelSerializer.restoreMultiLayerNetwork(localModel().resolve("model.zip").toFile(), false);
        INDArray a = onCluster.params();
        INDArray b = inProcess.params();
        assertArrayEquals(b.shape(), a.shape());
        double maxDiff = a.sub(b).amaxNumber().doubleValue();
        System.out.printf("StandaloneClusterIT (--exchange %s): %d parameters, max |cluster - local[2]| = %.3g%n", exchange,
            a.length(), maxDiff);
        assertTrue(maxDiff <= PARAM_TOLERANCE, "cluster and local[2] parameters differ by up to " + maxDiff);
        assertTrue(Files.exists(clusterModel.resolve("manifest.json")));
        assertEquals(2, Files.readAllLines(clusterModel.resolve("metrics.jsonl")).stream().filter(l -> !l.isBlank()).count(),
            "two epochs, two metrics lines");
    }

    /** The local[2] reference model, trained once for every exchange. */
    private static synchronized Path localModel() throws IOException {
        Path model = work.resolve("model-local");
        if (!Files.exists(model.resolve("model.zip"))) {
            new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(localShards.toUri().toString()).model("mlp").epochs(2).output(model.toUri().toString()).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(7).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(new OptimizerConfig("adam", 1e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build());
        }
        return model;
    }

    private static void submit(String... subcommand) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ItSupport.script("deploy/submit.sh").toString(),
            "--master", masterUrl));
        command.addAll(List.of(subcommand));
        ChildProcess.Run run = ItSupport.run(work.resolve("submit-" + subcommand[0] + ".log"),
            Map.of("DLSPARK_JAR", jar.toString()), SUBMIT_TIMEOUT_S,
            command.toArray(String[]::new));
        assertEquals(0, run.exitCode(), () -> "submit.sh " + String.join(" ", subcommand) + " failed (exit "
            + run.exitCode() + ")\n--- submit output ---\n" + run.tail(60) + clusterLogs());
    }

    private static String clusterLogs() {
        return ItSupport.logTails(work.resolve("cluster"), 25);
    }
}
