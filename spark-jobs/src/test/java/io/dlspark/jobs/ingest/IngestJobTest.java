package io.dlspark.jobs.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.SparkTestSession;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestJobTest {
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        IdxFixtures.writeMnistLike(shared.resolve("fm"), 200, 50, 11);
    }

    private IngestResult ingest(DatasetKind kind, java.nio.file.Path input, java.nio.file.Path output, Integer partitions,
                                double maxBad, boolean overwrite, IngestOptions options) throws IOException {
        return new IngestJob(spark).run(new IngestJob.Request(kind, input.toUri().toString(), output.toUri().toString(),
            options, partitions, maxBad, overwrite));
    }

    private IngestResult ingestIdx(java.nio.file.Path output, Integer partitions) throws IOException {
        return ingest(DatasetKind.FASHION_MNIST, shared.resolve("fm"), output, partitions, 0.0, false,
            new IngestOptions(0.2, 5, null, io.dlspark.core.data.ResizeMode.NONE, null));
    }

    @Test
    void writesSplitsAndAManifestThatDescribesThem() throws IOException {
        IngestResult result = ingestIdx(dir.resolve("out"), 3);
        ShardManifest manifest = ManifestIo.read(new Path(dir.resolve("out").toUri()), spark.sparkContext().hadoopConfiguration());
        assertEquals(manifest.splits().keySet(), result.manifest().splits().keySet());
        assertEquals(160, manifest.count(Split.TRAIN));
        assertEquals(40, manifest.count(Split.VALIDATION));
        assertEquals(50, manifest.count(Split.TEST));
        assertArrayEquals(new long[] {16, 16, 16, 16, 16, 16, 16, 16, 16, 16}, manifest.splits().get("train").perClass());
        assertEquals("fashion-mnist", manifest.dataset());
        assertEquals(10, manifest.classCount());
        assertEquals("Ankle boot", manifest.labelNames().get(9));
        assertEquals(28, manifest.shape().height());
        assertEquals(5, manifest.seed());
        assertEquals(4, manifest.sourceChecksums().size());
        assertEquals(0, manifest.badRecords().count());
        assertEquals(3, manifest.files().stream().filter(f -> f.path().startsWith("train/")).count());
        for (ShardManifest.ShardFile file : manifest.files()) {
            java.nio.file.Path onDisk = dir.resolve("out").resolve(file.path());
            assertEquals(Files.size(onDisk), file.bytes(), file.path());
            assertEquals(64, file.sha256().length());
        }

        List<Row> rows = spark.read().parquet(dir.resolve("out/train").toString()).collectAsList();
        assertEquals(160, rows.size());
        Row first = rows.get(0);
        assertEquals(784, ((byte[]) first.getAs(ShardColumns.PIXELS)).length);
        assertTrue(first.<String>getAs(ShardColumns.RECORD_ID).startsWith("train-"));
    }

    @Test
    void sameSeedGivesIdenticalShardsWhateverThePartitioning() throws IOException {
        ingestIdx(dir.resolve("a"), 1);
        ingestIdx(dir.resolve("b"), 7);
        for (Split split : Split.values()) {
            List<String> a = records(dir.resolve("a"), split);
            assertTrue(a.equals(records(dir.resolve("b"), split)), split.dirName() + " differs");
            assertFalse(a.isEmpty());
        }
    }

    @Test
    void otherSeedOtherValidationSet() throws IOException {
        ingestIdx(dir.resolve("a"), 2);
        ingest(DatasetKind.FASHION_MNIST, shared.resolve("fm"), dir.resolve("b"), 2, 0.0, false,
            new IngestOptions(0.2, 6, null, io.dlspark.core.data.ResizeMode.NONE, null));
        assertNotEquals(records(dir.resolve("a"), Split.VALIDATION), records(dir.resolve("b"), Split.VALIDATION));
    }

    @Test
    void refusesToOverwriteWithoutTheFlag() throws IOException {
        ingestIdx(dir.resolve("out"), 1);
        UsageException e = assertThrows(UsageException.class, () -> ingestIdx(dir.resolve("out"), 1));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        ingest(DatasetKind.FASHION_MNIST, shared.resolve("fm"), dir.resolve("out"), 1, 0.0, true, IngestOptions.defaults());
        assertEquals(List.of("manifest.json", "test", "train", "validation"), visible(dir.resolve("out")));
    }

    @Test
    void labelsOutOfRangeAndTruncationAreCountedAndFailTheJobAtZeroTolerance() throws IOException {
        java.nio.file.Path input = dir.resolve("broken");
        IdxFixtures.writeMnistLike(input, 100, 20, 3);
        byte[] labels = new byte[100];
        labels[7] = 12;
        IdxFixtures.gzip(input.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.idx(new int[] {100}, labels));
        byte[] images = IdxFixtures.idx(new int[] {100, 28, 28}, IdxFixtures.images(100, 28, new int[100], 1));
        IdxFixtures.gzip(input.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(images, images.length - 784 * 2));

        DataException e = assertThrows(DataException.class,
            () -> ingest(DatasetKind.FASHION_MNIST, input, dir.resolve("out"), 1, 0.0, false, IngestOptions.defaults()));
        assertTrue(e.getMessage().contains("3 of 120 records are bad"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz#7: label 12 out of range"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        assertEquals(List.of("broken"), visible(dir));

        IngestResult tolerated = ingest(DatasetKind.FASHION_MNIST, input, dir.resolve("out"), 1, 0.05, false, IngestOptions.defaults());
        assertEquals(3, tolerated.manifest().badRecords().count());
        assertEquals(117, tolerated.records());
    }

    @Test
    void imageFolderCountsCorruptFilesAndListsThemInTheManifest() throws IOException {
        java.nio.file.Path input = dir.resolve("images");
        for (String label : List.of("circle", "square")) {
            Files.createDirectories(input.resolve(label));
            for (int i = 0; i < 6; i++) {
                Files.write(input.resolve(label + "/" + i + ".png"), IdxFixtures.png(8, 8, 3, i * 10));
            }
        }
        Files.write(input.resolve("square/corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(input.resolve("circle/notes.txt"), "no image");
        IngestResult result = ingest(DatasetKind.IMAGE_FOLDER, input, dir.resolve("out"), null, 0.2, false,
            new IngestOptions(0.25, 1, null, io.dlspark.core.data.ResizeMode.NONE, null));
        ShardManifest manifest = result.manifest();
        assertEquals(2, manifest.badRecords().count());
        assertTrue(manifest.badRecords().records().stream().anyMatch(b -> b.source().endsWith("square/corrupt.png")));
        assertTrue(manifest.badRecords().records().stream().anyMatch(b -> b.source().endsWith("circle/notes.txt")));
        assertEquals(12, result.records());
        assertEquals(8 * 8 * 3, manifest.shape().height() * manifest.shape().width() * manifest.shape().channels());
    }

    @Test
    void textFolderWritesDocuments() throws IOException {
        java.nio.file.Path input = dir.resolve("text");
        for (String label : List.of("news", "fiction")) {
            Files.createDirectories(input.resolve(label));
            for (int i = 0; i < 5; i++) {
                Files.writeString(input.resolve(label + "/d" + i + ".txt"), label + " text number " + i);
            }
        }
        Files.write(input.resolve("news/bad.txt"), new byte[] {(byte) 0xC3, (byte) 0x28});
        IngestResult result = ingest(DatasetKind.TEXT_FOLDER, input, dir.resolve("out"), null, 0.1, false,
            new IngestOptions(0.2, 1, null, io.dlspark.core.data.ResizeMode.NONE, null));
        assertEquals(10, result.records());
        assertEquals("not valid UTF-8 text", result.manifest().badRecords().records().get(0).reason());
        List<Row> rows = spark.read().parquet(dir.resolve("out/train").toString()).collectAsList();
        assertTrue(rows.stream().allMatch(r -> r.<String>getAs(ShardColumns.TEXT).contains("text number")));
    }

    @Test
    void missingInputIsAUsageErrorNamingThePath() {
        UsageException e = assertThrows(UsageException.class,
            () -> ingest(DatasetKind.FASHION_MNIST, dir.resolve("nowhere"), dir.resolve("out"), null, 0, false,
                IngestOptions.defaults()));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    /** The records of a split in shard order: part files by name, rows in file order. */
    private List<String> records(java.nio.file.Path root, Split split) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String part : visible(root.resolve(split.dirName()))) {
            if (part.endsWith(".parquet")) {
                spark.read().parquet(root.resolve(split.dirName()).resolve(part).toString()).collectAsList().stream()
                    .map(r -> r.getAs(ShardColumns.RECORD_ID) + ":" + r.getAs(ShardColumns.LABEL) + ":"
                        + Arrays.hashCode((byte[]) r.getAs(ShardColumns.PIXELS)))
                    .forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> visible(java.nio.file.Path root) throws IOException {
        try (var list = Files.list(root)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void printsProgressLinesAsShardsAreWrittenAndEndsWithEveryShard() throws IOException {
        java.io.StringWriter console = new java.io.StringWriter();
        new IngestJob(spark, new java.io.PrintWriter(console)).run(new IngestJob.Request(DatasetKind.FASHION_MNIST,
            shared.resolve("fm").toUri().toString(), dir.resolve("progress").toUri().toString(),
            new IngestOptions(0.2, 5, null, io.dlspark.core.data.ResizeMode.NONE, null), 3, 0.0, false));
        List<String> lines = console.toString().lines().toList();
        assertTrue(lines.size() >= 2, console.toString());
        assertTrue(lines.get(0).matches("\\[ingest\\] \\d+/250 records, 1/(\\d+) shards written"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).matches("\\[ingest\\] 250/250 records, (\\d+)/\\1 shards written"),
            console.toString());
    }
}
