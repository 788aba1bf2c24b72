package io.dlspark.console;

import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress lines of {@code train} and {@code evaluate} on the console they are given. */
class JobProgressTest {
    private static SparkSession spark;
    private static String shards;
    private static String model;
    private static final StringWriter TRAIN_CONSOLE = new StringWriter();

    @TempDir
    static Path dir;

    @BeforeAll
    static void train() throws Exception {
        spark = SparkTestSession.get();
        shards = MnistLikeShards.ingest(spark, dir, 120, 30, 4);
        model = dir.resolve("model").toString();
        new TrainJob(spark, new PrintWriter(TRAIN_CONSOLE)).run(TrainingConfig.builder().data(shards).model("mlp")
            .epochs(2).output(model).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11)
            .roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(1e-3)).resume(false)
            .overwrite(false).checkpointEveryRounds(0).build());
    }

    @Test
    void trainPrintsEachEpochsLastRoundAsATrainLine() {
        List<String> lines = TRAIN_CONSOLE.toString().lines().filter(l -> l.startsWith("[train] ")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[train\\] epoch 1/2 round (\\d+)/\\1 \\| .* samples/s \\| loss .*")),
            TRAIN_CONSOLE.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[train\\] epoch 2/2 round (\\d+)/\\1 \\| .*")), TRAIN_CONSOLE.toString());
    }

    @Test
    void evaluatePrintsPartsAsTheyFinishAndEndsWithEveryRecord() throws Exception {
        StringWriter console = new StringWriter();
        new EvaluateJob(spark, new PrintWriter(console)).run(model, shards, Split.TEST, dir.resolve("m.json").toString(), 3);
        List<String> lines = console.toString().lines().toList();
        assertTrue(lines.size() >= 2, console.toString());
        assertTrue(lines.get(0).matches("\\[evaluate\\] test: 1/3 parts, \\d+/30 records"), lines.get(0));
        assertEquals("[evaluate] test: 3/3 parts, 30/30 records", lines.get(lines.size() - 1));
    }
}
