package io.dlspark.integration;

import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainRequest;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected into real runs on the loopback standalone cluster (one cluster start for all scenarios, two
 * one-core workers, small synthetic MNIST-like data): a killed executor JVM, a killed driver resumed by
 * {@code pipeline} with the same run id, a hung (SIGSTOPped) executor hitting the round timeout, and a corrupt
 * newest checkpoint. Each scenario prints what it observed.
 */
@Tag("integration")
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {
    private static final long START_TIMEOUT_S = 240;
    private static final long RUN_TIMEOUT_S = 480;
    private static final int TRAIN_RECORDS = 800;
    private static final double PARAM_TOLERANCE = 1e-5;
    /** Well above a normal round (the first one includes executor warm-up, seconds on a loaded 2-core machine). */
    private static final long HUNG_ROUND_TIMEOUT_S = 90;

    private static Path jar;
    private static Path work;
    private static Path raw;
    private static Path shards;
    private static Map<String, String> clusterEnv;
    private static String masterUrl;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        jar = ItSupport.projectDir().resolve("spark-jobs/target/dlspark-jobs.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: run the integration tests through mvn verify");
        work = ItSupport.newWorkDir("it-faults-");
        raw = IdxFixtures.writeMnistLike(work.resolve("raw"), TRAIN_RECORDS, 200, 31);
        clusterEnv = ItSupport.clusterEnv(work, START_TIMEOUT_S - 30);
        ItSupport.Run start = ItSupport.run(work.resolve("cluster-start.log"), clusterEnv, START_TIMEOUT_S,
            "bash", ItSupport.script("deploy/local-cluster.sh").toString(), "start", "--workers", "2", "--cores-per-worker", "1");
        assertEquals(0, start.exitCode(), () -> "local-cluster.sh start failed\n" + start.tail(40));
        masterUrl = "spark://127.0.0.1:" + clusterEnv.get("DLSPARK_MASTER_PORT");
        spark = SparkTestSession.get();
        shards = work.resolve("shards");
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, raw.toUri().toString(),
            shards.toUri().toString(), new IngestOptions(0.0, 5, null, ResizeMode.NONE, null), 2, 0.0, false));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterEnv == null) {
            return;
        }
        executors().forEach(p -> signal("CONT", p.pid()));
        ItSupport.run(work.resolve("cluster-stop.log"), clusterEnv, 90,
            "bash", ItSupport.script("deploy/local-cluster.sh").toString(), "stop");
        try (Stream<Path> files = Files.walk(work.resolve("cluster"))) {
            for (Path copy : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private static List<String> trainArgs(Path output, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", shards.toUri().toString(), "--model", "mlp",
            "--epochs", Integer.toString(epochs), "--output", output.toUri().toString(), "--workers", "2",
            "--batch-size", "8", "--averaging-frequency", "2", "--seed", "7"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    @Order(1)
    void killedExecutorMidEpochLosesNoMinibatchAndChangesNoParameter() throws Exception {
        Path model = work.resolve("model-killed-executor");
        Process run = submitAsync("killed-executor", trainArgs(model, 2));
        Path log = work.resolve("submit-killed-executor.log");
        try {
            waitFor(() -> logContains(log, "epoch 1/2 round"), 300, "the first round of epoch 1", log);
            ProcessHandle victim = executors().findFirst().orElseThrow(() -> new AssertionError("no executor JVM found"));
            victim.destroyForcibly();
            System.out.printf("FaultInjectionIT killed executor: pid %d killed (SIGKILL) during epoch 1%n", victim.pid());
            assertTrue(run.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS), "training finished after the executor loss");
        } finally {
            stopIfAlive(run);
        }
        assertEquals(0, run.exitValue(), () -> tail(log));

        List<String> metrics = Files.readAllLines(model.resolve("metrics.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(2, metrics.size());
        for (String line : metrics) {
            assertEquals(TRAIN_RECORDS, number(line, "samples"), "every record exactly once per epoch: " + line);
        }
        Path reference = work.resolve("model-reference");
        new TrainJob(spark, new PrintWriter(new StringWriter())).run(new TrainRequest(shards.toUri().toString(), "mlp", 2,
            reference.toUri().toString(), 2, new TrainRequest.TrainingSettingsInput(8, 2, 2, 7, 0, 1),
            new OptimizerConfig("adam", 1e-3), false, false, 0));
        double diff = maxParamDiff(model, reference);
        System.out.printf("FaultInjectionIT killed executor: run finished, samples per epoch %s, max |param - uninterrupted "
            + "local[2] run| = %.3g%n", metrics.stream().map(l -> Long.toString(number(l, "samples"))).toList(), diff);
        assertTrue(diff <= PARAM_TOLERANCE, "the retried tasks refit the same minibatches: " + diff);
    }

    @Test
    @Order(2)
    void killedDriverIsResumedByThePipelineWithTheSameRunId() throws Exception {
        Path runs = work.resolve("runs");
        Path conf = work.resolve("pipeline.conf");
        Files.writeString(conf, """
            pipeline { run-root = "%s", stages = [ingest, train, evaluate] }
            ingest { dataset = fashion-mnist, input = "%s", seed = 5, val-fraction = 0.1, partitions = 2 }
            train { model = mlp, epochs = 2, workers = 2, batch-size = 8, averaging-frequency = 2, seed = 7,
                    checkpoint-every-rounds = 5 }
            evaluate { split = test, workers = 2 }
            """.formatted(runs.toUri(), raw.toUri()));
        List<String> args = List.of("pipeline", "--config", conf.toString(), "--run-id", "nightly-1");
        Path checkpoints = runs.resolve("nightly-1/train/checkpoints");
        Process first = submitAsync("driver-first", args);
        Path firstLog = work.resolve("submit-driver-first.log");
        try {
            waitFor(() -> newestCheckpoint(checkpoints).isPresent(), 400, "a first checkpoint", firstLog);
        } finally {
            stopIfAlive(first);
        }
        first.waitFor(30, TimeUnit.SECONDS);
        String atKill = newestCheckpoint(checkpoints).orElseThrow();
        System.out.printf("FaultInjectionIT killed driver: driver killed (SIGKILL) with newest checkpoint %s%n", atKill);
        assertTrue(Files.exists(runs.resolve("nightly-1/_LOCK")), "the killed driver left its lock behind");

        Process second = submitAsync("driver-second", args);
        Path secondLog = work.resolve("submit-driver-second.log");
        try {
            assertTrue(second.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS), "the resumed run finished");
        } finally {
            stopIfAlive(second);
        }
        assertEquals(0, second.exitValue(), () -> tail(secondLog));
        String resumed = Files.readString(secondLog);
        assertTrue(resumed.contains("stage ingest: done in an earlier attempt"), resumed);
        assertTrue(resumed.contains("Taking over the lock"), resumed);
        Matcher from = Pattern.compile("Resuming from \\S+/(epoch-\\d+-round-\\d+) at epoch (\\d+) round (\\d+)").matcher(resumed);
        assertTrue(from.find(), resumed);
        assertEquals(atKill, from.group(1), "resumed from the newest checkpoint written before the kill");
        assertTrue(Files.exists(runs.resolve("nightly-1/_SUCCESS")));
        System.out.printf("FaultInjectionIT killed driver: re-run resumed from %s (epoch %s round %s); work repeated: the "
            + "rounds after that checkpoint, fewer than checkpoint-every-rounds = 5%n", from.group(1), from.group(2), from.group(3));

        Process third = submitAsync("driver-third", args);
        assertTrue(third.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(0, third.exitValue());
        assertTrue(Files.readString(work.resolve("submit-driver-third.log")).contains("already finished"));
    }

    @Test
    @Order(3)
    void hungWorkerHitsTheRoundTimeout() throws Exception {
        Path model = work.resolve("model-hung");
        Process run = submitAsync("hung", trainArgs(model, 2, "--round-timeout", Long.toString(HUNG_ROUND_TIMEOUT_S)));
        Path log = work.resolve("submit-hung.log");
        List<ProcessHandle> stopped = new ArrayList<>();
        long stoppedAt;
        try {
            waitFor(() -> logContains(log, "epoch 1/2 round"), 300, "the first round", log);
            stopped.addAll(executors().toList());
            stopped.forEach(p -> signal("STOP", p.pid()));
            stoppedAt = System.nanoTime();
            assertTrue(run.waitFor(HUNG_ROUND_TIMEOUT_S + 180, TimeUnit.SECONDS), "the driver gave up instead of hanging");
        } finally {
            stopped.forEach(p -> signal("KILL", p.pid()));
            stopIfAlive(run);
        }
        double seconds = (System.nanoTime() - stoppedAt) / 1e9;
        String out = Files.readString(log);
        assertEquals(1, run.exitValue(), () -> tail(log));
        assertTrue(out.contains("did not finish within --round-timeout " + HUNG_ROUND_TIMEOUT_S + " s"), out);
        assertTrue(out.contains("epoch 1/2 round"), "the timeout hit after the hang, not during a normal first round");
        System.out.printf("FaultInjectionIT hung worker: executors SIGSTOPped; the driver failed with the round-timeout "
            + "error %.0f s later (exit %d)%n", seconds, run.exitValue());
    }

    @Test
    @Order(4)
    void corruptNewestCheckpointFallsBackToThePreviousOneWithAWarning() throws Exception {
        Path model = work.resolve("model-killed-executor");
        Path checkpoints = model.resolve("checkpoints");
        String newest = newestCheckpoint(checkpoints).orElseThrow();
        Files.write(checkpoints.resolve(newest).resolve("model.zip"), "not a zip".getBytes(StandardCharsets.UTF_8));
        Process run = submitAsync("corrupt", trainArgs(model, 3, "--resume"));
        Path log = work.resolve("submit-corrupt.log");
        assertTrue(run.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), () -> tail(log));
        String out = Files.readString(log);
        assertTrue(out.contains("WARN Checkpoints: Checkpoint") && out.contains(newest) && out.contains("falling back"), out);
        Matcher from = Pattern.compile("Resuming from \\S+/(epoch-\\d+-round-\\d+)").matcher(out);
        assertTrue(from.find(), out);
        assertFalse(from.group(1).equals(newest));
        System.out.printf("FaultInjectionIT corrupt checkpoint: %s corrupted; warning logged; resumed from %s and "
            + "finished epoch 3%n", newest, from.group(1));
        assertEquals(3, Files.readAllLines(model.resolve("metrics.jsonl")).stream().filter(l -> !l.isBlank()).count(),
            "epoch 1 from the first run, epochs 2 (again) and 3 from the resumed one");
    }

    private static Process submitAsync(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", ItSupport.script("deploy/submit.sh").toString(),
            "--master", masterUrl));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ItSupport.projectDir().toFile())
            .redirectErrorStream(true).redirectOutput(work.resolve("submit-" + name + ".log").toFile());
        builder.environment().put("DLSPARK_JAR", jar.toString());
        return builder.start();
    }

    /** Executor JVMs of this test's cluster: descendants of its worker daemons (pid files in the state folder). */
    private static Stream<ProcessHandle> executors() {
        List<ProcessHandle> workers = new ArrayList<>();
        try (Stream<Path> files = Files.list(work.resolve("cluster"))) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(workers::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker pid files", e);
        }
        return workers.stream().flatMap(ProcessHandle::descendants).filter(p -> p.info().commandLine()
            .map(c -> c.contains("CoarseGrainedExecutorBackend")).orElse(false));
    }

    /** Kills a submit process (the driver JVM) left running by a failed scenario. */
    private static void stopIfAlive(Process run) {
        if (run.isAlive()) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid, e);
        }
    }

    private static Optional<String> newestCheckpoint(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(checkpoints)) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("epoch-")).max(String::compareTo);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitFor(BooleanSupplier condition, long seconds, String what, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what + "\n" + tail(log));
            }
            Thread.sleep(250);
        }
    }

    private static String tail(Path log) {
        try {
            return ItSupport.tail(Files.readString(log), 60) + ItSupport.logTails(work.resolve("cluster"), 20);
        } catch (IOException e) {
            return "(no log " + log + ")";
        }
    }

    private static long number(String jsonLine, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(jsonLine);
        assertTrue(m.find(), field + " in " + jsonLine);
        return Long.parseLong(m.group(1));
    }

    private static double maxParamDiff(Path a, Path b) throws IOException {
        MultiLayerNetwork x = ModelSerializer.restoreMultiLayerNetwork(a.resolve("model.zip").toFile(), false);
        MultiLayerNetwork y = ModelSerializer.restoreMultiLayerNetwork(b.resolve("model.zip").toFile(), false);
        return x.params().sub(y.params()).amaxNumber().doubleValue();
    }
}
