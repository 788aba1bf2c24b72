package io.dlspark.spark;

import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.augment.AugmentJob;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.inference.PredictJob;
import io.dlspark.testing.MnistLikeShards;
import io.dlspark.testing.ProjectDir;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Spark job a dlspark job starts carries a description for the Spark UI. */
class JobDescriptionTest {
    private final SparkSession spark = SparkTestSession.get();
    private final Descriptions descriptions = new Descriptions();

    @TempDir
    Path dir;

    /** The description of every job started while it listens, in order ("<none>" for a job without one). */
    static final class Descriptions extends SparkListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null : start.properties().getProperty(JobDescription.PROPERTY);
            seen.add(description == null ? "<none>" : description);
        }

        /** The descriptions seen once every event posted so far has reached the listeners. */
        List<String> all(SparkSession spark) throws java.util.concurrent.TimeoutException {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return List.copyOf(seen);
        }
    }

    @BeforeEach
    void listen() {
        spark.sparkContext().addSparkListener(descriptions);
    }

    @AfterEach
    void stopListening() {
        spark.sparkContext().removeSparkListener(descriptions);
    }

    @Test
    void everyJobOfAnIngestRunHasADescription() throws Exception {
        MnistLikeShards.ingest(spark, dir, 120, 30, 4);
        List<String> seen = descriptions.all(spark);
        assertFalse(seen.isEmpty());
        assertTrue(seen.stream().allMatch(d -> d.startsWith("dlspark ingest")), seen.toString());
        assertNull(spark.sparkContext().getLocalProperty(JobDescription.PROPERTY), "the run leaves no description behind");
    }

    @Test
    void everyJobOfTrainingEvaluationPredictionAndAugmentationHasADescription() throws Exception {
        String shards = MnistLikeShards.ingest(spark, dir, 120, 30, 4);
        String model = dir.resolve("model").toString();
        new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(shards).model("mlp")
            .epochs(1).output(model).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(11)
            .roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(1e-3)).resume(false)
            .overwrite(false).checkpointEveryRounds(0).build());
        new EvaluateJob(spark).run(model, shards, Split.TEST, null, 2);
        new PredictJob(spark).run(model, shards, dir.resolve("predictions").toString(), PredictJob.Format.JSONL, false);
        new AugmentJob(spark).run(new AugmentJob.Request(shards, dir.resolve("augmented").toString(),
            ProjectDir.get().resolve("conf/augment/fashion-mnist-light.conf").toString(), 1, 3L, null, false));
        List<String> seen = descriptions.all(spark);
        for (String job : List.of("dlspark train", "dlspark evaluate", "dlspark predict", "dlspark augment")) {
            assertTrue(seen.stream().anyMatch(d -> d.startsWith(job)), job + ": " + seen);
        }
        assertFalse(seen.contains("<none>"), seen.toString());
    }

    @Test
    void closingBringsBackTheDescriptionBefore() {
        try (JobDescription outer = JobDescription.of(spark, "outer")) {
            try (JobDescription inner = JobDescription.of(spark, "inner")) {
                assertEquals("inner", spark.sparkContext().getLocalProperty(JobDescription.PROPERTY));
            }
            assertEquals("outer", spark.sparkContext().getLocalProperty(JobDescription.PROPERTY));
        }
        assertNull(spark.sparkContext().getLocalProperty(JobDescription.PROPERTY));
    }
}
