package io.dlspark.jobs.augment;

import io.dlspark.augment.AugmentConfig;
import io.dlspark.augment.AugmentConfigs;
import io.dlspark.augment.ImagePipeline;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentJobTest {
    static final String FASHION_MNIST_CONF = java.nio.file.Path.of("..", "conf", "augment", "fashion-mnist.conf").toString();
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path shared;

    @TempDir
    java.nio.file.Path dir;

    private static java.nio.file.Path raw;
    private static String shards;

    @BeforeAll
    static void data() throws IOException {
        spark = SparkTestSession.get();
        raw = IdxFixtures.writeMnistLike(shared.resolve("raw"), 120, 30, 17);
        shards = ingest(shared.resolve("shards"), 2);
    }

    private static String ingest(java.nio.file.Path output, int partitions) throws IOException {
        return ingest(spark, raw, output, partitions);
    }

    /** Ingests the Fashion-MNIST-like IDX files at {@code raw}; 25% of the training records go to validation. */
    static String ingest(SparkSession spark, java.nio.file.Path raw, java.nio.file.Path output, int partitions)
        throws IOException {
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, raw.toString(), output.toString(),
            new IngestOptions(0.25, 3, null, ResizeMode.NONE, null), partitions, 0.0, false));
        return output.toString();
    }

    private AugmentResult augment(String input, String output, String config, int copies, Long seed, Integer partitions)
        throws IOException {
        return new AugmentJob(spark).run(new AugmentJob.Request(input, output, config, copies, seed, partitions, false));
    }

    private static Map<String, Row> rows(String root, Split split) {
        return spark.read().parquet(new Path(root, split.dirName()).toString()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs(ShardColumns.RECORD_ID), Function.identity()));
    }

    @Test
    void writesOriginalsAndAugmentedCopiesAndLeavesTheOtherSplitsUntouched() throws IOException {
        String out = dir.resolve("aug").toString();
        AugmentResult result = augment(shards, out, FASHION_MNIST_CONF, 2, null, null);
        ShardManifest input = ManifestIo.read(new Path(shards), spark.sparkContext().hadoopConfiguration());
        ShardManifest manifest = ManifestIo.read(new Path(out), spark.sparkContext().hadoopConfiguration());
        assertEquals(ManifestIo.toJson(result.manifest()), ManifestIo.toJson(manifest));
        assertEquals(90 * 3, manifest.count(Split.TRAIN));
        long[] perClass = input.splits().get("train").perClass().clone();
        Arrays.setAll(perClass, i -> perClass[i] * 3);
        assertArrayEquals(perClass, manifest.splits().get("train").perClass());
        assertEquals(input.count(Split.VALIDATION), manifest.count(Split.VALIDATION));
        assertEquals(input.count(Split.TEST), manifest.count(Split.TEST));
        ShardManifest.Augmentation provenance = manifest.augmentation();
        assertEquals(2, provenance.copies());
        assertEquals(90, provenance.originals());
        assertEquals(180, provenance.augmented());
        assertEquals(20240501L, provenance.seed());
        assertTrue(provenance.pipeline().contains("crop") && provenance.pipeline().contains("rotate"), provenance.pipeline());
        assertEquals(FASHION_MNIST_CONF, provenance.config());
        assertEquals(64, provenance.inputManifestSha256().length());
        for (ShardManifest.ShardFile file : manifest.files()) {
            assertEquals(Files.size(java.nio.file.Path.of(out, file.path())), file.bytes(), file.path());
        }

        for (Split split : List.of(Split.VALIDATION, Split.TEST)) {
            Map<String, Row> before = rows(shards, split);
            Map<String, Row> after = rows(out, split);
            assertEquals(before.keySet(), after.keySet(), split.dirName());
            before.forEach((id, row) -> assertRowEquals(row, after.get(id)));
        }
        ImagePipeline oracle = ImagePipeline.create(AugmentConfigs.load(java.nio.file.Path.of(FASHION_MNIST_CONF)),
            input.shape());
        Map<String, Row> originals = rows(shards, Split.TRAIN);
        Map<String, Row> written = rows(out, Split.TRAIN);
        assertEquals(270, written.size());
        int changed = 0;
        for (Map.Entry<String, Row> original : originals.entrySet()) {
            String id = original.getKey();
            byte[] pixels = original.getValue().getAs(ShardColumns.PIXELS);
            assertRowEquals(original.getValue(), written.get(id));
            for (int copy = 1; copy <= 2; copy++) {
                Row augmented = written.get(id + AugmentJob.COPY_SUFFIX + copy);
                assertEquals(original.getValue().<Integer>getAs(ShardColumns.LABEL), augmented.<Integer>getAs(ShardColumns.LABEL));
                byte[] expected = oracle.apply(pixels, id, copy - 1);
                assertArrayEquals(expected, augmented.<byte[]>getAs(ShardColumns.PIXELS), id + " copy " + copy);
                changed += Arrays.equals(expected, pixels) ? 0 : 1;
            }
        }
        assertTrue(changed > 120, "most copies differ from their original: " + changed + " of 180");
    }

    @Test
    void sameSeedGivesTheSameShardsWhateverThePartitioning() throws IOException {
        String sevenFiles = ingest(dir.resolve("in-7"), 7);
        List<Map<String, Row>> outputs = new java.util.ArrayList<>();
        for (int partitions : new int[] {1, 2, 7}) {
            String out = dir.resolve("aug-" + partitions).toString();
            augment(partitions == 7 ? sevenFiles : shards, out, FASHION_MNIST_CONF, 1, 99L, partitions);
            List<Row> inFileOrder = readInFileOrder(out);
            List<String> ids = inFileOrder.stream().map(r -> r.<String>getAs(ShardColumns.RECORD_ID)).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "train shards are written in record id order");
            outputs.add(rows(out, Split.TRAIN));
        }
        for (Map<String, Row> other : outputs.subList(1, 3)) {
            assertEquals(outputs.get(0).keySet(), other.keySet());
            outputs.get(0).forEach((id, row) -> assertRowEquals(row, other.get(id)));
        }

        AugmentConfig config = AugmentConfigs.load(java.nio.file.Path.of(FASHION_MNIST_CONF));
        ImagePipeline seed99 = ImagePipeline.create(config.withSeed(99), new ImageShape(28, 28, 1));
        ImagePipeline configured = ImagePipeline.create(config, new ImageShape(28, 28, 1));
        Map<String, Row> written = outputs.get(0);
        int otherThanConfiguredSeed = 0;
        for (String id : written.keySet().stream().filter(id -> !id.contains("#")).toList()) {
            byte[] pixels = written.get(id).getAs(ShardColumns.PIXELS);
            byte[] copy = written.get(id + AugmentJob.COPY_SUFFIX + 1).getAs(ShardColumns.PIXELS);
            assertArrayEquals(seed99.apply(pixels, id, 0), copy, "--seed 99 replaces augment.seed: " + id);
            otherThanConfiguredSeed += Arrays.equals(configured.apply(pixels, id, 0), copy) ? 0 : 1;
        }
        assertTrue(otherThanConfiguredSeed > 45, "seed 99 differs from the config's seed on "
            + otherThanConfiguredSeed + " of 90 records");
    }

    @Test
    void augmentsTextShardsKeepingLabelsAndNonEmptyDocuments() throws IOException {
        java.nio.file.Path texts = dir.resolve("texts");
        String[] words = {"the quick brown fox jumps over the lazy dog", "a big house with a large garden",
            "buy cheap pills now", "meeting moved to monday afternoon", "ok"};
        for (int i = 0; i < 20; i++) {
            java.nio.file.Path file = texts.resolve(i % 2 == 0 ? "ham" : "spam").resolve("doc" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, words[i % words.length] + " number " + i);
        }
        String textShards = dir.resolve("text-shards").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_FOLDER, texts.toString(), textShards,
            new IngestOptions(0.0, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
        java.nio.file.Path lexicon = Files.writeString(dir.resolve("synonyms.txt"), "big, large, huge\nhouse, home\n");
        java.nio.file.Path config = Files.writeString(dir.resolve("text.conf"), """
            augment {
              records = text, seed = 5
              lexicon { format = groups, path = "%s" }
              ops = [
                { op = synonym, p = 0.5 }
                { op = swap, p = 0.5 }
                { op = delete, p = 0.8, rate = 0.9 }
              ]
            }""".formatted(lexicon.toString().replace("\\", "/")));
        String out = dir.resolve("text-aug").toString();
        augment(textShards, out, config.toString(), 3, null, null);
        Map<String, Row> originals = rows(textShards, Split.TRAIN);
        Map<String, Row> written = rows(out, Split.TRAIN);
        assertEquals(originals.size() * 4, written.size());
        int changed = 0;
        for (Map.Entry<String, Row> original : originals.entrySet()) {
            String text = original.getValue().getAs(ShardColumns.TEXT);
            for (int copy = 1; copy <= 3; copy++) {
                Row augmented = written.get(original.getKey() + AugmentJob.COPY_SUFFIX + copy);
                assertEquals(original.getValue().<Integer>getAs(ShardColumns.LABEL), augmented.<Integer>getAs(ShardColumns.LABEL));
                String augmentedText = augmented.getAs(ShardColumns.TEXT);
                assertFalse(augmentedText.isBlank(), original.getKey() + " copy " + copy + " became empty");
                changed += augmentedText.equals(text) ? 0 : 1;
            }
        }
        assertTrue(changed > 30, "most copies change: " + changed + " of 60");
    }

    @Test
    void badConfigsAreRejectedWithTheKeyAndNothingIsWritten() throws IOException {
        java.nio.file.Path overOne = Files.writeString(dir.resolve("p.conf"),
            "augment { records = image, seed = 1, ops = [ { op = flip-horizontal, p = 1.5 } ] }");
        UsageException e = assertThrows(UsageException.class,
            () -> augment(shards, dir.resolve("o1").toString(), overOne.toString(), 1, null, null));
        assertTrue(e.getMessage().contains("--config " + overOne) && e.getMessage().contains("augment.ops[0].p"),
            e.getMessage());

        java.nio.file.Path bigCrop = Files.writeString(dir.resolve("crop.conf"),
            "augment { records = image, seed = 1, ops = [ { op = crop, size = 40, padding = 2 } ] }");
        e = assertThrows(UsageException.class,
            () -> augment(shards, dir.resolve("o2").toString(), bigCrop.toString(), 1, null, null));
        assertTrue(e.getMessage().contains("augment.ops[0].size"), e.getMessage());

        java.nio.file.Path text = Files.writeString(dir.resolve("text.conf"),
            "augment { records = text, seed = 1, ops = [ { op = swap } ] }");
        e = assertThrows(UsageException.class,
            () -> augment(shards, dir.resolve("o3").toString(), text.toString(), 1, null, null));
        assertTrue(e.getMessage().contains("augment.records"), e.getMessage());

        e = assertThrows(UsageException.class, () -> augment(shards, shards, FASHION_MNIST_CONF, 1, null, null));
        assertTrue(e.getMessage().contains("--output"), e.getMessage());
        e = assertThrows(UsageException.class, () -> new AugmentJob.Request(shards, "x", FASHION_MNIST_CONF, 0, null, null, false));
        assertTrue(e.getMessage().contains("--copies"), e.getMessage());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(), listing.filter(p -> p.getFileName().toString().startsWith("o")
                || p.getFileName().toString().startsWith(".o")).toList());
        }
    }

    @Test
    void aFailingRunLeavesNoOutput() throws IOException {
        java.nio.file.Path broken = dir.resolve("broken");
        ingest(broken, 1);
        java.nio.file.Path manifestFile = broken.resolve(ShardManifest.FILE_NAME);
        Files.writeString(manifestFile, Files.readString(manifestFile).replace("\"height\" : 28", "\"height\" : 27"));
        Files.delete(broken.resolve("." + ShardManifest.FILE_NAME + ".crc"));
        Exception failure = assertThrows(Exception.class,
            () -> augment(broken.toString(), dir.resolve("out").toString(), FASHION_MNIST_CONF, 1, null, null));
        assertTrue(String.valueOf(failure.getMessage()).contains("expected 756 bytes"), failure.toString());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("broken"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static List<Row> readInFileOrder(String root) throws IOException {
        List<java.nio.file.Path> files;
        try (var listing = Files.list(java.nio.file.Path.of(root, Split.TRAIN.dirName()))) {
            files = listing.filter(p -> p.toString().endsWith(".parquet")).sorted(Comparator.naturalOrder()).toList();
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (java.nio.file.Path file : files) {
            rows.addAll(spark.read().parquet(file.toString()).collectAsList());
        }
        return rows;
    }

    static void assertRowEquals(Row expected, Row actual) {
        assertEquals(expected.<String>getAs(ShardColumns.RECORD_ID), actual.<String>getAs(ShardColumns.RECORD_ID));
        assertEquals(expected.<Integer>getAs(ShardColumns.LABEL), actual.<Integer>getAs(ShardColumns.LABEL));
        assertEquals(expected.<String>getAs(ShardColumns.SOURCE), actual.<String>getAs(ShardColumns.SOURCE));
        for (String payload : new String[] {ShardColumns.PIXELS, ShardColumns.TEXT}) {
            if (Arrays.asList(expected.schema().fieldNames()).contains(payload)) {
                Object a = expected.getAs(payload);
                Object b = actual.getAs(payload);
                if (a instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) b, expected.<String>getAs(ShardColumns.RECORD_ID));
                } else {
                    assertEquals(a, b);
                }
            }
        }
    }
}
