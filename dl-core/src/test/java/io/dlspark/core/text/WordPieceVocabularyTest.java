package io.dlspark.core.text;

import io.dlspark.core.UsageException;
import org.deeplearning4j.text.tokenization.tokenizerfactory.BertWordPieceTokenizerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WordPiece vocabulary: order-free counting, DL4J's tokenizer reads it, and bad sizes are refused. */
class WordPieceVocabularyTest {
    private static final List<String> CORPUS = List.of(
        "The quick brown fox jumps over the lazy dog.",
        "The dog sleeps; the fox runs, and the birds sing!",
        "Unbelievable: the fox was jumping over the sleeping dogs again.",
        "Café owners said the weather was unbelievably good for running.",
        "Running, jumping and sleeping are what the animals do all day.");

    private static WordPieceVocabulary counted(List<String> lines) {
        WordPieceVocabulary vocabulary = new WordPieceVocabulary();
        lines.forEach(vocabulary::addText);
        return vocabulary;
    }

    @Test
    void theVocabularyIsTheSameWhateverTheOrderOrPartitioning() {
        List<String> whole = counted(CORPUS).build(150, 6);
        List<String> shuffled = new ArrayList<>(CORPUS);
        Collections.shuffle(shuffled, new Random(5));
        assertEquals(whole, counted(shuffled).build(150, 6));
        WordPieceVocabulary first = counted(CORPUS.subList(0, 2));
        first.addAll(counted(CORPUS.subList(2, CORPUS.size())));
        assertEquals(whole, first.build(150, 6));
        assertEquals(150, whole.size());
        assertEquals(WordPieceVocabulary.SPECIAL, whole.subList(0, 5));
    }

    @Test
    void wordsAreLowerCasedWithoutAccentsAndSplitAroundPunctuation() {
        WordPieceVocabulary vocabulary = counted(CORPUS);
        assertEquals(9, vocabulary.count("the"));
        assertEquals(1, vocabulary.count("cafe"));
        assertEquals(0, vocabulary.count("café"));
        assertEquals(3, vocabulary.count("fox"));
        assertEquals(2, vocabulary.count(","));
        assertEquals(0, vocabulary.count("dog."));
    }

    /** DL4J reads the file with [PAD] as id 0 and [UNK] as 1, and pieces every corpus word together, losing none. */
    @Test
    void dl4jsBertTokenizerReadsTheFileAndNeedsNoUnknownToken(@TempDir Path dir) throws Exception {
        List<String> tokens = counted(CORPUS).build(120, 6);
        Path file = dir.resolve("vocab.txt");
        WordPieceVocabulary.write(tokens, file);
        assertEquals(tokens, Files.readAllLines(file, StandardCharsets.UTF_8));
        try (var listing = Files.list(dir)) {
            // Hadoop's local file system keeps a .crc checksum beside the file; nothing else may remain
            assertEquals(List.of("vocab.txt"), listing.map(p -> p.getFileName().toString())
                .filter(name -> !name.endsWith(".crc")).toList(), "no temporary file is left");
        }

        BertWordPieceTokenizerFactory factory = new BertWordPieceTokenizerFactory(file.toFile(), true, true,
            StandardCharsets.UTF_8);

        assertEquals(0, factory.getVocab().get("[PAD]"));
        assertEquals(1, factory.getVocab().get("[UNK]"));
        for (String line : CORPUS) {
            List<String> pieces = factory.create(line).getTokens();
            assertFalse(pieces.contains("[UNK]"), line + " -> " + pieces);
            String letters = Normalizer.normalize(line.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+|\\s+", "");
            assertEquals(letters, String.join("", pieces).replace(WordPieceVocabulary.CONTINUATION, ""), "nothing lost");
        }
        List<String> pieces = factory.create("The unbelievably lazy dog").getTokens();
        assertEquals("the", pieces.get(0), pieces.toString());
        assertTrue(pieces.stream().anyMatch(p -> p.startsWith(WordPieceVocabulary.CONTINUATION)), pieces.toString());
        assertEquals("theunbelievablylazydog", String.join("", pieces).replace(WordPieceVocabulary.CONTINUATION, ""));
        // a word of characters never seen cannot be pieced together: DL4J M2.1 drops it (BERT would emit [UNK])
        assertEquals(List.of("the"), factory.create("2026 the").getTokens());
    }

    @Test
    void aWordsPiecesAreItsStartsAndContinuationsOfTwoToMaxCharacters() {
        assertEquals(List.of("do", "dog", "##og", "##ogs", "##gs"), WordPieceVocabulary.pieces("dogs", 3));
        assertEquals(java.util.Set.of("d", "o", "g", "s"), WordPieceVocabulary.characters("dogs"));
        assertEquals(List.of("cafe", "owners", ",", "don", "'", "t"), WordPieceVocabulary.words("Café  owners, don't"));
    }

    @Test
    void aSizeTooSmallForTheCharactersIsRefused() {
        UsageException small = assertThrows(UsageException.class, () -> counted(CORPUS).build(20, 6));
        assertTrue(small.getMessage().contains("cannot hold"), small.getMessage());
        assertThrows(UsageException.class, () -> counted(CORPUS).build(200, 1));
    }
}
