package io.dlspark.jobs.ingest;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.TextCorpus;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ingest --dataset text-corpus}: the same shards whatever the partitioning, split by document, one dummy class;
 * several inputs combine folders and text shard sets (of which only the training split enters).
 */
class CorpusIngestTest {
    private static final IngestOptions OPTIONS = new IngestOptions(0.2, 11, null, ResizeMode.NONE, null, 0.2, 12);

    @TempDir
    static java.nio.file.Path dir;
    private static SparkSession spark;
    private static java.nio.file.Path addresses;

    @BeforeAll
    static void corpus() throws Exception {
        spark = SparkTestSession.get();
        addresses = dir.resolve("addresses");
        Files.createDirectories(addresses);
        for (int d = 0; d < 30; d++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < 5 + d % 4; s++) {
                text.append("Address ").append(d).append(" makes point ").append(s).append(" to the congress. ");
            }
            Files.writeString(addresses.resolve(String.format("%d_president.txt", 1790 + d)), text.toString());
        }
        Files.writeString(addresses.resolve("LICENSE"), "not a document");
    }

    private static String ingest(String input, String name, int partitions) throws Exception {
        String out = dir.resolve(name).toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_CORPUS, input, out, OPTIONS, partitions, 0.0, false));
        return out;
    }

    private static List<String> rows(String shards, Split split) {
        return spark.read().parquet(shards + "/" + split.dirName())
            .select(ShardColumns.RECORD_ID, ShardColumns.LABEL, ShardColumns.TEXT).collectAsList().stream()
            .map(Row::toString).sorted().toList();
    }

    @Test
    void theShardsAreTheSameWhateverThePartitioningAndSplitByDocument() throws Exception {
        String one = ingest(addresses.toString(), "one", 1);
        String three = ingest(addresses.toString(), "three", 3);
        Set<String> seen = new HashSet<>();
        long records = 0;
        for (Split split : Split.values()) {
            List<String> rows = rows(one, split);
            assertEquals(rows, rows(three, split), split.dirName());
            Set<String> documents = rows.stream().map(r -> TextCorpus.documentOf(r.substring(1, r.indexOf(','))))
                .collect(Collectors.toSet());
            assertTrue(documents.stream().noneMatch(seen::contains), "a document in two splits: " + documents);
            seen.addAll(documents);
            records += rows.size();
            assertTrue(rows.stream().allMatch(r -> r.contains(",0,")), "one dummy class");
        }
        assertEquals(30, seen.size(), "every .txt file, not the LICENSE");
        ShardManifest manifest = ManifestIo.read(new Path(one), spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of(TextCorpus.LABEL), manifest.labelNames());
        assertEquals(TextCorpus.DATASET, manifest.dataset());
        assertEquals(records, manifest.count(Split.TRAIN) + manifest.count(Split.VALIDATION) + manifest.count(Split.TEST));
        assertEquals(6, rows(one, Split.TEST).stream().map(r -> TextCorpus.documentOf(r.substring(1, r.indexOf(','))))
            .distinct().count());
        assertNull(manifest.textFeatures(), "no TF-IDF or token-id vectoriser is fitted on an unlabelled corpus");
        assertTrue(rows(one, Split.TRAIN).get(0).matches("\\[1\\d{3}_president.txt#p\\d{4},0,Address .*"),
            rows(one, Split.TRAIN).get(0));
        List<String> vocabulary = new WordPieceVocabularyJob(spark).run(new WordPieceVocabularyJob.Request(one, null, 200, 6, 0));
        assertTrue(vocabulary.contains("point"), vocabulary.toString());
    }

    @Test
    void severalInputsCombineFoldersWithTheTrainingSplitOfTextShardSets() throws Exception {
        java.nio.file.Path labelled = dir.resolve("labelled");
        for (int i = 0; i < 40; i++) {
            java.nio.file.Path file = labelled.resolve(i % 2 == 0 ? "ham" : "spam").resolve("m" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "message " + i + " is about " + (i % 2 == 0 ? "lunch" : "money") + ".");
        }
        String messages = dir.resolve("messages").toString();
        new IngestJob(spark).run(new IngestJob.Request(DatasetKind.TEXT_FOLDER, labelled.toString(), messages,
            new IngestOptions(0.2, 3, null, ResizeMode.NONE, null), 1, 0.0, false));
        Set<String> trainMessages = new HashSet<>(spark.read().parquet(messages + "/train").select(ShardColumns.RECORD_ID)
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());

        String combined = ingest(addresses + "," + messages, "combined", 2);
        Set<String> ids = new HashSet<>();
        for (Split split : Split.values()) {
            rows(combined, split).forEach(r -> ids.add(TextCorpus.documentOf(r.substring(1, r.indexOf(',')))));
        }
        assertEquals(30, ids.stream().filter(id -> id.startsWith("addresses/")).count());
        assertEquals(trainMessages, ids.stream().filter(id -> id.startsWith("messages/"))
            .map(id -> id.substring("messages/".length())).collect(Collectors.toSet()),
            "exactly the training messages; none of their validation or test split");
    }

    @Test
    void twoInputsOfOneFolderNameAreRefusedBeforeAnyOutput() {
        String out = dir.resolve("refused").toString();
        String message = assertThrows(UsageException.class, () -> new IngestJob(spark).run(new IngestJob.Request(
            DatasetKind.TEXT_CORPUS, addresses + "," + addresses, out, OPTIONS, 1, 0.0, false))).getMessage();
        assertTrue(message.startsWith("--input ") && message.contains("addresses"), message);
        assertFalse(Files.exists(dir.resolve("refused")));
    }
}
