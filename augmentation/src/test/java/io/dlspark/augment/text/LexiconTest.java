package io.dlspark.augment.text;

import io.dlspark.augment.Fixtures;
import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LexiconTest {
    private static final String LICENCE = "  1 This software and database is being provided to you, the LICENSEE, by  \n";

    @Test
    void groupsGiveSymmetricSynonymsInGroupOrder() {
        Lexicon lexicon = Lexicon.of(List.of(List.of("Big", "large", "huge"), List.of("big", "Ice_Cream"),
            List.of("lonely"), List.of("x", "X")));
        assertEquals(List.of("large", "huge", "ice cream"), lexicon.synonyms("big"));
        assertEquals(List.of("big", "huge"), lexicon.synonyms("large"));
        assertEquals(List.of("big"), lexicon.synonyms("ice cream"));
        assertEquals(List.of(), lexicon.synonyms("lonely"), "a one-word group has no synonyms");
        assertEquals(List.of(), lexicon.synonyms("x"), "a group of one word after lower-casing is dropped");
        assertEquals(2, lexicon.groupCount());
        assertEquals(4, lexicon.wordCount());
        assertEquals(lexicon.synonyms("big"), Fixtures.roundTrip(lexicon).synonyms("big"));
    }

    @Test
    void readsASynonymGroupFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("synonyms.txt");
        Files.writeString(file, "# colours\nred, crimson , scarlet\n\nice cream, gelato # dessert\n");
        Lexicon lexicon = new LexiconSource(LexiconSource.Format.GROUPS, file.toString(), "augment.lexicon").load();
        assertEquals(List.of("crimson", "scarlet"), lexicon.synonyms("red"));
        assertEquals(List.of("ice cream"), lexicon.synonyms("gelato"));
    }

    @Test
    void readsWordNetDataFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("data.noun"), LICENCE
            + "02084071 05 n 03 dog 0 domestic_dog 0 Canis_familiaris 0 023 @ 02083346 n 0000 | a dog  \n");
        Files.writeString(dir.resolve("data.verb"), LICENCE + "01963942 38 v 02 jump 0 leap 0 000 | move  \n");
        Files.writeString(dir.resolve("data.adj"), LICENCE
            + "00001740 00 a 02 able(a) 0 capable(p) 0 000 | able  \n00002000 00 a 01 lone 0 000 | alone  \n");
        Files.writeString(dir.resolve("data.adv"), LICENCE + "00001740 02 r 02 fast 0 quickly 0 000 | soon  \n"
            + "00001800 02 r 0a " + "w0 0 w1 0 w2 0 w3 0 w4 0 w5 0 w6 0 w7 0 w8 0 w9 0 " + "000 | ten words  \n");
        Lexicon lexicon = new LexiconSource(LexiconSource.Format.WORDNET, dir.toString(), "augment.lexicon").load();
        assertEquals(List.of("domestic dog", "canis familiaris"), lexicon.synonyms("dog"));
        assertEquals(List.of("leap"), lexicon.synonyms("jump"));
        assertEquals(List.of("capable"), lexicon.synonyms("able"));
        assertEquals(List.of("quickly"), lexicon.synonyms("fast"));
        assertEquals(9, lexicon.synonyms("w0").size(), "w_cnt is hexadecimal: 0a is ten words");
    }

    @Test
    void missingWordNetSaysWhereItLookedAndWhatToInstall(@TempDir Path dir) {
        Path absent = dir.resolve("wordnet");
        UsageException e = assertThrows(UsageException.class,
            () -> new LexiconSource(LexiconSource.Format.WORDNET, absent.toString(), "augment.lexicon").load());
        assertTrue(e.getMessage().startsWith("augment.lexicon.path: no WordNet lexicon at " + absent.toAbsolutePath()),
            e.getMessage());
        assertTrue(e.getMessage().contains("wordnet-base"), e.getMessage());
    }

    @Test
    void missingGroupFileSaysWhereItLooked(@TempDir Path dir) {
        Path absent = dir.resolve("none.txt");
        UsageException e = assertThrows(UsageException.class,
            () -> new LexiconSource(LexiconSource.Format.GROUPS, absent.toString(), "augment.lexicon").load());
        assertTrue(e.getMessage().startsWith("augment.lexicon.path: no synonym-group file at " + absent.toAbsolutePath()),
            e.getMessage());
    }

    @Test
    void loadsTheInstalledWordNet() {
        assumeTrue(Fixtures.wordNetInstalled(), "Debian's wordnet-base is not installed");
        Lexicon lexicon = Fixtures.wordNet();
        assertTrue(lexicon.wordCount() > 50_000, "words: " + lexicon.wordCount());
        assertTrue(lexicon.synonyms("dog").contains("domestic dog"), lexicon.synonyms("dog").toString());
        assertTrue(lexicon.synonyms("big").contains("large"), lexicon.synonyms("big").toString());
    }
}
