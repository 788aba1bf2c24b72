package io.dlspark.augment;

import io.dlspark.augment.text.Lexicon;
import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TextPipelineTest {
    private static final Lexicon LEXICON = Lexicon.of(List.of(List.of("good", "fine", "nice"),
        List.of("movie", "film"), List.of("watch", "see", "view")));
    private static final String ALL_OPS = """
        augment {
          records = text, seed = %d
          lexicon { format = groups, path = "/nonexistent/synonyms.txt" }
          ops = [
            { op = synonym, p = 0.7, fraction = 0.2 }
            { op = insert, p = 0.5, fraction = 0.1 }
            { op = swap, p = 0.5, fraction = 0.1 }
            { op = delete, p = 0.5, rate = 0.2 }
          ]
        }""";

    private static TextPipeline pipeline(long seed) {
        return TextPipeline.create(Fixtures.config(ALL_OPS.formatted(seed)), LEXICON);
    }

    private static Map<String, String> documents(int count) {
        Map<String, String> documents = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            documents.put("doc-" + i, "We watch a good movie number " + i + " and it was a nice film to see twice");
        }
        return documents;
    }

    @Test
    void sameSeedRecordAndEpochGiveTheSameText() {
        String text = documents(1).get("doc-0");
        assertEquals(pipeline(3).apply(text, "doc-0", 1), pipeline(3).apply(text, "doc-0", 1));
        List<String> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < 5; epoch++) {
            epochs.add(pipeline(3).apply(text, "doc-0", epoch));
        }
        assertTrue(epochs.stream().distinct().count() >= 4, epochs.toString());
    }

    @Test
    void partitioningAndOrderDoNotChangeTheText() {
        TextPipeline pipeline = pipeline(5);
        Map<String, String> documents = documents(100);
        Map<String, String> single = PartitioningSimulation.run(pipeline, documents, 1, 2, 0);
        for (int chunks : new int[] {2, 7}) {
            assertEquals(single, PartitioningSimulation.run(pipeline, documents, chunks, 2, chunks));
        }
    }

    @Test
    void labelsStayAndDocumentsNeverBecomeEmpty() {
        TextPipeline harsh = TextPipeline.create(Fixtures.config(
            "augment { records = text, seed = 1, ops = [{ op = delete, rate = 1.0 }, { op = swap }] }"));
        TextPipeline pipeline = pipeline(9);
        for (int i = 0; i < 200; i++) {
            String text = i % 3 == 0 ? "word" : "two words";
            LabeledRecord<String> record = new LabeledRecord<>("doc-" + i, i % 2, text);
            for (TextPipeline p : List.of(harsh, pipeline)) {
                LabeledRecord<String> augmented = record.augmented(p, i);
                assertEquals(record.label(), augmented.label());
                assertEquals(record.recordId(), augmented.recordId());
                assertFalse(augmented.value().isBlank(), augmented.toString());
            }
        }
        assertEquals("  \n", pipeline.apply("  \n", "blank", 0), "a blank document comes back unchanged");
    }

    @Test
    void aDocumentNoStepRanOnIsReturnedAsIs() {
        TextPipeline never = TextPipeline.create(Fixtures.config(
            "augment { records = text, seed = 1, ops = [{ op = swap, p = 0 }] }"));
        assertEquals("keep\tthis  spacing\n", never.apply("keep\tthis  spacing\n", "doc-1", 0));
    }

    @Test
    void aMissingLexiconIsReportedOnlyWhenAStepNeedsIt() {
        AugmentConfig synonyms = Fixtures.config(ALL_OPS.formatted(1));
        UsageException e = assertThrows(UsageException.class, () -> TextPipeline.create(synonyms));
        assertTrue(e.getMessage().startsWith("augment.lexicon.path: no synonym-group file at /nonexistent/synonyms.txt"),
            e.getMessage());
        TextPipeline.create(Fixtures.config("""
            augment { records = text, seed = 1, lexicon { format = groups, path = "/nonexistent" }, ops = [{ op = swap }] }"""));
    }

    @Test
    void readsTheConfiguredLexiconFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("synonyms.txt"), "movie, film\n");
        TextPipeline pipeline = TextPipeline.create(Fixtures.config("""
            augment { records = text, seed = 1, lexicon { format = groups, path = "%s" }, ops = [{ op = synonym }] }"""
            .formatted(file)));
        assertEquals(List.of("film"), pipeline.lexicon().synonyms("movie"));
        assertEquals("a Film.", pipeline.apply("a Movie.", "doc-1", 0));
    }

    @Test
    void rejectsAnImageConfiguration() {
        AugmentConfig image = Fixtures.config("augment { records = image, seed = 1, ops = [{ op = flip-vertical }] }");
        assertThrows(UsageException.class, () -> TextPipeline.create(image));
    }

    @Test
    void theShippedTextConfigAugmentsWithWordNet() {
        assumeTrue(Fixtures.wordNetInstalled(), "Debian's wordnet-base is not installed");
        TextPipeline pipeline = TextPipeline.create(AugmentConfigs.load(Fixtures.CONF.resolve("text.conf")),
            Fixtures.wordNet());
        String text = "Congratulations! You have won a free cruise. Reply now to claim your prize before Friday.";
        int changed = 0;
        for (int i = 0; i < 50; i++) {
            String out = pipeline.apply(text, "spam-" + i, 0);
            assertFalse(out.isBlank());
            changed += out.equals(text) ? 0 : 1;
        }
        assertTrue(changed > 30, "changed " + changed + " of 50");
        TextPipeline copy = Fixtures.roundTrip(pipeline);
        assertEquals(pipeline.apply(text, "spam-1", 3), copy.apply(text, "spam-1", 3));
        assertNotEquals(pipeline.apply(text, "spam-1", 3), pipeline.apply(text, "spam-1", 4));
    }
}
