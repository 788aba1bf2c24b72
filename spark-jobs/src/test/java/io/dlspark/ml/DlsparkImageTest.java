package io.dlspark.ml;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Image features: Spark's image struct and binary pixels train as ingest's image shards do, and score. */
class DlsparkImageTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 3);
    private static SparkSession spark;
    private static Dataset<Row> images;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        images = frame(48, 11).cache();
    }

    /** Seeded BGR 28x28 images in Spark's image struct, class 1 with a brighter blue channel, plus their RGB bytes. */
    private static Dataset<Row> frame(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            byte[] bgr = new byte[SHAPE.size()];
            byte[] rgb = new byte[SHAPE.size()];
            for (int p = 0; p < SHAPE.size() / 3; p++) {
                int b = random.nextInt(128) + 127 * label;
                int g = random.nextInt(256);
                int r = random.nextInt(256);
                bgr[3 * p] = (byte) b;
                bgr[3 * p + 1] = (byte) g;
                bgr[3 * p + 2] = (byte) r;
                rgb[3 * p] = (byte) r;
                rgb[3 * p + 1] = (byte) g;
                rgb[3 * p + 2] = (byte) b;
            }
            rows.add(RowFactory.create(RowFactory.create("mem://" + i, 28, 28, 3, 16, bgr), rgb, label));
        }
        StructType schema = new StructType().add("image", ImageSchema.columnSchema())
            .add("pixels", DataTypes.BinaryType).add("label", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema);
    }

    private static DlsparkClassifier classifier() {
        return new DlsparkClassifier().setModel("lenet").setFeaturesCol("image").setEpochs(1).setWorkers(2)
            .setBatchSize(8).setSeed(5);
    }

    @Test
    void sparkImageSourceGivesThePixelsIngestDecodes() throws Exception {
        Random random = new Random(3);
        BufferedImage colour = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage alpha = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        BufferedImage grey = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                colour.setRGB(x, y, random.nextInt(1 << 24));
                alpha.setRGB(x, y, 0xFF000000 | random.nextInt(1 << 24));
                grey.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        java.nio.file.Path folder = Files.createDirectories(dir.resolve("png"));
        ImageIO.write(colour, "png", folder.resolve("colour.png").toFile());
        ImageIO.write(alpha, "png", folder.resolve("alpha.png").toFile());
        ImageIO.write(grey, "png", folder.resolve("grey.png").toFile());
        List<Row> read = spark.read().format("image").load(folder.toString()).collectAsList();
        assertEquals(3, read.size());
        for (Row row : read) {
            Row image = row.getStruct(0);
            String origin = image.getString(0);
            byte[] encoded = Files.readAllBytes(java.nio.file.Path.of(new java.net.URI(origin)));
            ImageShape shape = new ImageShape(4, 5, origin.endsWith("grey.png") ? 1 : 3);
            assertEquals(shape.channels() == 1 ? 1 : origin.endsWith("alpha.png") ? 4 : 3, image.getInt(3), origin);
            assertEquals(null, ImageColumn.fault(row, 0, shape), origin);
            assertArrayEquals(new ImageDecoder(shape, ResizeMode.NONE).decode(encoded, origin), ImageColumn.read(row, 0),
                origin);
        }
    }

    @Test
    void fitOnImagesEqualsDlsparkTrainOnTheSameRecordsAsImageShards() throws Exception {
        FitRecords.Prepared prepared = FitRecords.prepare(images, new FitRecords.Columns("image", "label", null, null), 0, 5);
        assertEquals(RecordFormat.IMAGE_UINT8_HWC, prepared.records().manifest().recordFormat());
        String shards = dir.resolve("shards").toString();
        ShardsFromRecords.write(prepared, shards, "images", SHAPE, spark.sparkContext().hadoopConfiguration());
        String cliOut = dir.resolve("cli").toString();
        float[] cli = ShardsFromRecords.train(cliOut, "train", "--data", shards, "--model", "lenet", "--output", cliOut,
            "--epochs", "1", "--workers", "2", "--batch-size", "8", "--seed", "5");

        DlsparkClassificationModel fromStruct = classifier().fit(images);
        assertArrayEquals(cli, NetworkState.of(fromStruct.network()).params(), "fit(df) on image structs and dlspark train");
        DlsparkClassificationModel fromBinary = classifier().setFeaturesCol("pixels").setImageShape("28x28x3").fit(images);
        assertArrayEquals(cli, NetworkState.of(fromBinary.network()).params(), "binary RGB pixels with imageShape");

        List<Row> byStruct = fromStruct.transform(images).select("probability").collectAsList();
        List<Row> byBinary = fromStruct.setFeaturesCol("pixels").transform(images.drop("image")).select("probability")
            .collectAsList();
        assertEquals(images.count(), byStruct.size());
        assertEquals(byStruct, byBinary, "the struct's BGR and the binary RGB pixels score alike");
        UsageException wrongType = assertThrows(UsageException.class,
            () -> fromStruct.setFeaturesCol("label").transform(images));
        assertEquals("featuresCol 'label': has type int; expected a Spark ML Vector, array<float>, array<double>, "
            + "Spark's image struct or binary pixels", wrongType.getMessage());
    }

    @Test
    void badImageColumnsNameTheColumnTheTypeAndTheRow() {
        UsageException noShape = assertThrows(UsageException.class,
            () -> classifier().setFeaturesCol("pixels").fit(images));
        assertEquals("featuresCol 'pixels': binary pixels need imageShape (HxWxC, e.g. 28x28x1)", noShape.getMessage());
        Dataset<Row> numbered = images.coalesce(1).withColumn("i", functions.monotonically_increasing_id());
        Dataset<Row> shortRow = numbered.withColumn("pixels", functions.when(functions.col("i").equalTo(3),
            functions.unhex(functions.lit("00112233"))).otherwise(functions.col("pixels")));
        UsageException size = assertThrows(UsageException.class,
            () -> classifier().setFeaturesCol("pixels").setImageShape("28x28x3").fit(shortRow));
        assertEquals("featuresCol 'pixels': row 3 has 4 bytes; 28x28x3 pixels take 2352", size.getMessage());
        UsageException shape = assertThrows(UsageException.class,
            () -> classifier().setImageShape("14x56x3").fit(images));
        assertEquals("featuresCol 'image': row 0 is a 28x28x3 image; expected 14x56x3", shape.getMessage());
        UsageException badShape = assertThrows(UsageException.class,
            () -> classifier().setImageShape("28x28").fit(images));
        assertEquals("imageShape: '28x28' is not a shape of the form HxWxC such as 28x28x1", badShape.getMessage());
    }
}
