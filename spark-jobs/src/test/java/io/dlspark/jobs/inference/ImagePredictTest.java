package io.dlspark.jobs.inference;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainingConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark predict} with a LeNet trained on MNIST-like 28x28 images: PNG folders, single files and shards. */
class ImagePredictTest {
    private static final int IMAGES = 6;
    private static SparkSession spark;
    private static String shards;
    private static String model;
    /** Test-split records written as PNG files: file name to record id and pixels. */
    private static final Map<String, Row> PNGS = new HashMap<>();

    @TempDir
    static java.nio.file.Path dir;

    @BeforeAll
    static void trainAndWritePngs() throws IOException {
        spark = SparkTestSession.get();
        shards = MnistLikeShards.ingest(spark, dir, 120, 20, 6);
        model = dir.resolve("lenet").toString();
        new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(shards).model("lenet")
            .epochs(1).output(model).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(5)
            .roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(OptimizerConfig.adam(1e-3)).resume(false)
            .overwrite(false).checkpointEveryRounds(0).build());
        List<Row> rows = spark.read().parquet(shards + "/test").select(ShardColumns.RECORD_ID, ShardColumns.PIXELS)
            .orderBy(ShardColumns.RECORD_ID).limit(IMAGES).collectAsList();
        Files.createDirectories(dir.resolve("pngs"));
        for (int i = 0; i < rows.size(); i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, (byte[]) rows.get(i).get(1));
            String name = "image-" + i + ".png";
            ImageIO.write(image, "png", dir.resolve("pngs").resolve(name).toFile());
            PNGS.put(name, rows.get(i));
        }
    }

    private static Map<String, Row> predict(String input, String output) throws IOException {
        PredictJob.Result result = new PredictJob(spark).run(model, input, dir.resolve(output).toString(),
            PredictJob.Format.PARQUET, false);
        Map<String, Row> byId = new HashMap<>();
        spark.read().parquet(result.output()).collectAsList().forEach(r -> byId.put(r.getString(0), r));
        return byId;
    }

    /** The class probabilities of {@code pixels} through the training feed's assembler and the artifact's network. */
    private static double[] scored(byte[] pixels) throws IOException {
        ModelArtifactManifest artifact = ArtifactFiles.read(new Path(model), spark.sparkContext().hadoopConfiguration(), "--model");
        NeuralNetwork net = EvaluateJob.readNetwork(new Path(model), artifact, spark.sparkContext().hadoopConfiguration());
        MinibatchAssembler assembler = MinibatchAssembler.forData(artifact.inputShape(), artifact.labelNames().size(),
            artifact.convolutional(), artifact.inputAdapter());
        PartitionData data = new PartitionData(0, pixels, new int[] {0}, new long[1], pixels.length);
        INDArray out = Networks.output(net, assembler.assemble(data, new int[] {0}, 0, 1).getFeatures());
        return out.toDoubleVector();
    }

    @Test
    void aFolderOfPngsPredictsWhatTheTrainingFeedScoresForTheSamePixels() throws IOException {
        Map<String, Row> predicted = predict(dir.resolve("pngs").toString(), "from-pngs");
        assertEquals(PNGS.keySet(), predicted.keySet());
        List<String> labels = ArtifactFiles.read(new Path(model), spark.sparkContext().hadoopConfiguration(), "--model").labelNames();
        Map<String, Row> fromShards = predict(shards, "from-shards");
        for (Map.Entry<String, Row> png : PNGS.entrySet()) {
            Row row = predicted.get(png.getKey());
            assertNull(row.get(3), "no error for " + png.getKey());
            double[] expected = scored((byte[]) png.getValue().get(1));
            Map<String, Double> probabilities = row.getJavaMap(2);
            int best = 0;
            for (int c = 0; c < labels.size(); c++) {
                assertEquals(expected[c], probabilities.get(labels.get(c)), 1e-5, png.getKey() + " " + labels.get(c));
                best = expected[c] > expected[best] ? c : best;
            }
            assertEquals(labels.get(best), row.getString(1));
            Row shardRow = fromShards.get(png.getValue().getString(0));
            assertEquals(shardRow.getString(1), row.getString(1), "the shard set's record predicts the same");
        }
    }

    @Test
    void aSingleImageFileAndAFileThatIsNoImageGetOneRowEach() throws IOException {
        java.nio.file.Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(dir.resolve("pngs/image-0.png"), mixed.resolve("a.png"));
        Files.writeString(mixed.resolve("notes.txt"), "not an image");
        Map<String, Row> rows = predict(mixed.toString(), "mixed-out");
        assertEquals(2, rows.size());
        assertNull(rows.get("a.png").get(3));
        assertTrue(rows.get("notes.txt").getString(3).contains("not a PNG or JPEG image"), rows.get("notes.txt").toString());
        Map<String, Row> single = predict(dir.resolve("pngs/image-1.png").toString(), "single-out");
        assertEquals(List.of("image-1.png"), List.copyOf(single.keySet()));
    }

    @Test
    void shardsOfAnotherShapeAreAUsageErrorNamingTheInput() throws IOException {
        java.nio.file.Path wide = dir.resolve("wide");
        Files.createDirectories(wide);
        String manifest = Files.readString(java.nio.file.Path.of(shards, "manifest.json"))
            .replaceFirst("\"width\"\\s*:\\s*28", "\"width\" : 30");
        Files.writeString(wide.resolve("manifest.json"), manifest);
        UsageException e = assertThrows(UsageException.class, () -> predict(wide.toString(), "never"));
        assertTrue(e.getMessage().startsWith("--input " + wide), e.getMessage());
    }
}
