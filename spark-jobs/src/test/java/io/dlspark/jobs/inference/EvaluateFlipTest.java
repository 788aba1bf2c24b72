package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.FlipAveraging;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate --tta flip} on a trained residual network: its accuracy is that of an independent forward pass
 * averaging each test image's softmax with its mirror's, written beside the plain metrics; vector models refuse it.
 */
class EvaluateFlipTest {
    private static SparkSession spark;
    private static String shards;

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        spark = SparkTestSession.get();
        shards = MnistLikeShards.ingest(spark, dir, 96, 40, 8);
    }

    private static String train(String model, String name) throws Exception {
        String out = dir.resolve(name).toString();
        TrainingConfig config = TrainingConfig.builder().data(shards).model(model).epochs(1).output(out).workers(2)
            .batchSize(16).averagingFrequency(2).treeDepth(2).seed(3).roundTimeoutSeconds(0).threadsPerWorker(1)
            .optimizer(new OptimizerConfig("sgd", 0.05)).resume(false).overwrite(false).checkpointEveryRounds(0).build();
        new TrainJob(spark, new PrintWriter(OutputStream.nullOutputStream())).run(config);
        return out;
    }

    @Test
    void flipAccuracyIsThatOfAnIndependentFlipAveragedForwardPass() throws Exception {
        String out = train("resnet8", "resnet");
        EvaluateJob.Result flipped = new EvaluateJob(spark).run(out, shards, Split.TEST, null, 2, true);
        assertTrue(flipped.output().endsWith("metrics-test-tta-flip.json"), flipped.output());

        ComputationGraph net = ModelSerializer.restoreComputationGraph(dir.resolve("resnet/model.zip").toFile(), false);
        List<Row> rows = spark.read().parquet(shards + "/test").orderBy("record_id").collectAsList();
        float[] pixels = new float[rows.size() * 784];
        for (int i = 0; i < rows.size(); i++) {
            byte[] bytes = rows.get(i).getAs("pixels");
            for (int j = 0; j < bytes.length; j++) {
                pixels[i * 784 + j] = (bytes[j] & 0xFF) / 255f;
            }
        }
        INDArray images = Nd4j.create(pixels, new long[] {rows.size(), 1, 28, 28}, 'c');
        INDArray probabilities = net.outputSingle(false, images).add(net.outputSingle(false, FlipAveraging.mirror(images)));
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            correct += probabilities.getRow(i).argMax().getInt(0) == ((Number) rows.get(i).getAs("label")).intValue() ? 1 : 0;
        }
        EvaluationReport report = flipped.report();
        assertEquals(correct / (double) rows.size(), report.accuracy(), 1e-12);
        assertTrue(new EvaluateJob(spark).run(out, shards, Split.TEST, null, 2).output().endsWith("metrics-test.json"));
    }

    @Test
    void vectorModelsRefuseFlips() throws Exception {
        String out = train("mlp", "mlp");
        UsageException e = assertThrows(UsageException.class,
            () -> new EvaluateJob(spark).run(out, shards, Split.TEST, null, 2, true));
        assertTrue(e.getMessage().startsWith("--tta flip:") && e.getMessage().contains("convolutional image model"),
            e.getMessage());
    }
}
