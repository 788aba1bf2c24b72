package io.dlspark.core.ingest;

import io.dlspark.core.DataException;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A text corpus is split by document, seeded, whatever the order its documents come in, and read from .txt files only. */
class TextCorpusTest {
    private static final IngestOptions OPTIONS = new IngestOptions(0.2, 7, null, ResizeMode.NONE, null, 0.2, 10);

    private static List<TextCorpus.Document> documents(int count) {
        List<TextCorpus.Document> documents = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < 9; s++) {
                text.append("document ").append(d).append(" sentence ").append(s).append(" says little. ");
            }
            documents.add(new TextCorpus.Document(String.format("doc%02d.txt", d), "file:/corpus/doc" + d, text.toString()));
        }
        return documents;
    }

    @Test
    void everyPassageHasItsDocumentsSplitAndTheOneDummyClass() {
        IngestPlan plan = TextCorpus.plan(List.of("file:/corpus"), documents(40), List.of(), OPTIONS);
        assertEquals(List.of(TextCorpus.LABEL), plan.labelNames());
        Map<String, Split> splitOf = new HashMap<>();
        for (RecordRef r : plan.records()) {
            assertEquals(0, r.label());
            Split before = splitOf.putIfAbsent(TextCorpus.documentOf(r.recordId()), r.split());
            assertTrue(before == null || before == r.split(), "passages of " + r.recordId() + " in two splits");
        }
        assertEquals(40, splitOf.size());
        assertEquals(8, splitOf.values().stream().filter(s -> s == Split.TEST).count());
        assertEquals(8, splitOf.values().stream().filter(s -> s == Split.VALIDATION).count());
        assertTrue(plan.records().size() >= 40 * 4, "each document of 45 words is cut into passages of about 10");
        assertEquals("doc03.txt#p0002", plan.records().stream().filter(r -> r.recordId().startsWith("doc03.txt"))
            .toList().get(2).recordId());
        assertEquals("doc03.txt", TextCorpus.documentOf("doc03.txt#p0002"));
        assertEquals("a#pb", TextCorpus.documentOf("a#pb"));
    }

    @Test
    void thePlanDoesNotDependOnTheDocumentOrderButOnTheSeed() {
        List<TextCorpus.Document> shuffled = documents(40);
        Collections.shuffle(shuffled, new java.util.Random(1));
        IngestPlan a = TextCorpus.plan(List.of(), documents(40), List.of(), OPTIONS);
        IngestPlan b = TextCorpus.plan(List.of(), shuffled, List.of(), OPTIONS);
        assertEquals(describe(a), describe(b));
        IngestPlan other = TextCorpus.plan(List.of(), documents(40), List.of(),
            new IngestOptions(0.2, 8, null, ResizeMode.NONE, null, 0.2, 10));
        assertNotEquals(describe(a), describe(other));
    }

    private static List<String> describe(IngestPlan plan) {
        return plan.records().stream().map(r -> r.recordId() + " " + r.split() + " "
            + new String(r.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void aDuplicateDocumentIdIsAnErrorNamingBothSources() {
        List<TextCorpus.Document> twice = new ArrayList<>(documents(3));
        twice.add(new TextCorpus.Document("doc01.txt", "file:/other/doc01.txt", "again"));
        String message = assertThrows(DataException.class,
            () -> TextCorpus.plan(List.of(), twice, List.of(), OPTIONS)).getMessage();
        assertTrue(message.contains("doc01.txt") && message.contains("file:/other/doc01.txt"), message);
    }

    @Test
    void aFolderGivesItsTxtFilesAsDocumentsAndEmptyOnesAsBadRecords(@TempDir java.nio.file.Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("1790_a.txt"), "Fellow citizens.");
        Files.writeString(dir.resolve("sub/1791_b.txt"), "Gentlemen of the Senate.");
        Files.writeString(dir.resolve("README.md"), "not an address");
        Files.writeString(dir.resolve("empty.txt"), " \n");
        Files.writeString(dir.resolve(".hidden.txt"), "skipped");
        List<io.dlspark.core.shard.ShardManifest.BadRecord> bad = new ArrayList<>();
        List<TextCorpus.Document> documents = TextCorpus.readFolder(new Path(dir.toUri()), "sotu/", new Configuration(), bad);
        assertEquals(List.of("sotu/1790_a.txt", "sotu/sub/1791_b.txt"), documents.stream().map(TextCorpus.Document::id).toList());
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).source().endsWith("empty.txt"), bad.toString());
    }

    @Test
    void brownWithPassageWordsCutsEachDocumentAndKeepsItsGenreAndSplit(@TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder cats = new StringBuilder();
        for (int d = 1; d <= 20; d++) {
            String name = String.format("c%s%02d", d <= 10 ? "a" : "b", d);
            cats.append(name).append(d <= 10 ? " news\n" : " religion\n");
            StringBuilder tagged = new StringBuilder();
            for (int s = 0; s < 6; s++) {
                tagged.append("\tThe/at jury/nn of/in document/nn ").append(d).append("/cd said/vbd ./.\n");
            }
            Files.writeString(dir.resolve(name), tagged.toString());
        }
        Files.writeString(dir.resolve("cats.txt"), cats.toString());
        IngestOptions options = new IngestOptions(0.1, 3, null, ResizeMode.NONE, null, 0.2, 14);
        IngestPlan plan = new BrownSource().plan(new Path(dir.toUri()), options, new Configuration());
        IngestPlan whole = new BrownSource().plan(new Path(dir.toUri()), new IngestOptions(0.1, 3, null, ResizeMode.NONE,
            null, 0.2, 0), new Configuration());
        assertEquals(List.of("news", "religion"), plan.labelNames());
        assertEquals(20, whole.records().size());
        assertEquals(60, plan.records().size(), "six sentences of 7 words, two to a passage of at most 14");
        for (RecordRef document : whole.records()) {
            List<RecordRef> passages = plan.records().stream()
                .filter(r -> TextCorpus.documentOf(r.recordId()).equals(document.recordId())).toList();
            assertEquals(3, passages.size());
            assertTrue(passages.stream().allMatch(p -> p.split() == document.split() && p.label() == document.label()));
        }
        assertEquals("The jury of document 1 said . The jury of document 1 said .",
            new String(plan.records().get(0).payload(), StandardCharsets.UTF_8));
    }
}
