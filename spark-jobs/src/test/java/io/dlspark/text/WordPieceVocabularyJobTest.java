package io.dlspark.text;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.Split;
import io.dlspark.core.text.WordPieceVocabulary;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark vocabulary job: the same vocab.txt whatever the partitioning, and the Spark-free builder's. */
class WordPieceVocabularyJobTest {
    private static final String[] STEMS = {"run", "jump", "sleep", "govern", "nation", "state", "union", "congress",
        "believ", "treat", "Café", "peace", "war", "trade", "labor"};
    private static final String[] ENDINGS = {"", "s", "ing", "ed", "ment", "able", "ly", "er", "ation"};

    @TempDir
    static Path dir;

    private static final List<String> LINES = new ArrayList<>();

    /** Three files of seeded random sentences, with punctuation, accents and capitals. */
    @BeforeAll
    static void corpus() throws Exception {
        SparkTestSession.get();
        Random random = new Random(11);
        Files.createDirectories(dir.resolve("corpus"));
        for (int file = 0; file < 3; file++) {
            List<String> lines = new ArrayList<>();
            for (int line = 0; line < 400; line++) {
                StringBuilder sentence = new StringBuilder();
                for (int word = 0; word < 4 + random.nextInt(12); word++) {
                    sentence.append(word == 0 ? "" : random.nextInt(8) == 0 ? ", " : " ")
                        .append(STEMS[random.nextInt(STEMS.length)]).append(ENDINGS[random.nextInt(ENDINGS.length)]);
                }
                lines.add(sentence.append(random.nextBoolean() ? "." : "!").toString());
            }
            Files.write(dir.resolve("corpus/part-" + file + ".txt"), lines, StandardCharsets.UTF_8);
            LINES.addAll(lines);
        }
    }

    private static List<String> run(int partitions, String output, int size) throws Exception {
        return new WordPieceVocabularyJob(SparkTestSession.get()).run(new WordPieceVocabularyJob.Request(
            dir.resolve("corpus").toString(), dir.resolve(output).toString(), size, 6, partitions));
    }

    @Test
    void theVocabularyIsTheSameWithOneOrThreePartitionsAndEqualsTheSparkFreeBuilders() throws Exception {
        List<String> one = run(1, "one/vocab.txt", 300);
        List<String> three = run(3, "three/vocab.txt", 300);
        assertEquals(one, three);
        assertEquals(Files.readAllLines(dir.resolve("one/vocab.txt")), Files.readAllLines(dir.resolve("three/vocab.txt")));

        WordPieceVocabulary local = new WordPieceVocabulary();
        LINES.forEach(local::addText);
        assertEquals(local.build(300, 6), one);
        assertEquals(one, Files.readAllLines(dir.resolve("one/vocab.txt"), StandardCharsets.UTF_8));
        assertEquals(300, one.size());
        assertEquals(WordPieceVocabulary.SPECIAL, one.subList(0, 5));
        assertTrue(one.contains("cafe") && one.contains("##ing"), one.toString());
        try (var listing = Files.list(dir.resolve("one"))) {
            assertFalse(listing.anyMatch(p -> p.getFileName().toString().contains("_tmp")), "no temporary file is left");
        }
    }

    /** A text shard set: the vocabulary comes from its training split only and goes beside it by default. */
    @Test
    void aShardSetsTrainingSplitGivesTheVocabularyBesideIt() throws Exception {
        Path texts = dir.resolve("labelled");
        for (int i = 0; i < LINES.size(); i += 10) {
            Path file = texts.resolve(i % 20 == 0 ? "a" : "b").resolve("doc" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.write(file, LINES.subList(i, i + 10), StandardCharsets.UTF_8);
        }
        String shards = dir.resolve("shards").toString();
        SparkSession spark = SparkTestSession.get();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_FOLDER, texts.toString(), shards,
            new IngestOptions(0.2, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
        List<String> three = new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(shards, null,
            200, 6, 3));
        assertEquals(three, Files.readAllLines(dir.resolve("shards").resolve(WordPieceVocabularyJob.FILE_NAME)));
        assertEquals(three, new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(shards,
            dir.resolve("shards-one.txt").toString(), 200, 6, 1)));

        WordPieceVocabulary local = new WordPieceVocabulary();
        spark.read().parquet(shards + "/" + Split.TRAIN.dirName()).select(ShardColumns.TEXT).as(Encoders.STRING())
            .collectAsList().forEach(local::addText);
        assertEquals(local.build(200, 6), three);
        WordPieceVocabulary all = new WordPieceVocabulary();
        LINES.forEach(all::addText);
        assertTrue(all.count("nation") > local.count("nation"),
            "validation and test texts are left out");
    }

    @Test
    void aCorpusOfTextFilesNeedsAnOutput() {
        UsageException output = assertThrows(UsageException.class, () -> new WordPieceVocabularyJob(
            SparkTestSession.get()).run(new WordPieceVocabularyJob.Request(dir.resolve("corpus").toString(), null,
            100, 6, 0)));
        assertTrue(output.getMessage().startsWith("--output: required unless --input is a text shard set"),
            output.getMessage());
        assertFalse(Files.exists(dir.resolve("corpus").resolve(WordPieceVocabularyJob.FILE_NAME)));
    }

    @Test
    void badNumbersAreOneLineUsageErrorsNamingTheOptionBeforeAnythingIsWritten() {
        UsageException size = assertThrows(UsageException.class, () -> run(0, "bad-size/vocab.txt", 5));
        assertEquals("--size 5: must be more than the 5 special tokens", size.getMessage());
        UsageException length = assertThrows(UsageException.class, () -> new WordPieceVocabularyJob(
            SparkTestSession.get()).run(new WordPieceVocabularyJob.Request(dir.resolve("corpus").toString(),
            dir.resolve("bad-length/vocab.txt").toString(), 100, 1, 0)));
        assertTrue(length.getMessage().startsWith("--max-piece-length 1:"), length.getMessage());
        UsageException partitions = assertThrows(UsageException.class, () -> run(-1, "bad-parts/vocab.txt", 100));
        assertTrue(partitions.getMessage().startsWith("--partitions -1:"), partitions.getMessage());
        UsageException tooSmall = assertThrows(UsageException.class, () -> run(0, "too-small/vocab.txt", 20));
        assertTrue(tooSmall.getMessage().contains("cannot hold"), tooSmall.getMessage());
        assertFalse(Files.exists(dir.resolve("bad-size")) || Files.exists(dir.resolve("too-small/vocab.txt")));
    }

    @Test
    void aMissingOrEmptyInputIsADataErrorNamingTheOption() throws Exception {
        DataException missing = assertThrows(DataException.class, () -> new WordPieceVocabularyJob(
            SparkTestSession.get()).run(new WordPieceVocabularyJob.Request(dir.resolve("nothing").toString(),
            dir.resolve("missing/vocab.txt").toString(), 100, 6, 0)));
        assertTrue(missing.getMessage().startsWith("--input ") && missing.getMessage().endsWith(": not found"),
            missing.getMessage());
        Files.createDirectories(dir.resolve("blank"));
        Files.writeString(dir.resolve("blank/a.txt"), "  \n\t\n");
        DataException blank = assertThrows(DataException.class, () -> new WordPieceVocabularyJob(
            SparkTestSession.get()).run(new WordPieceVocabularyJob.Request(dir.resolve("blank").toString(),
            dir.resolve("blank-out/vocab.txt").toString(), 100, 6, 0)));
        assertTrue(blank.getMessage().endsWith("no words in the texts"), blank.getMessage());
        assertFalse(Files.exists(dir.resolve("blank-out/vocab.txt")));
    }
}
