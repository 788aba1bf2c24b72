package io.dlspark.augment.text;

import io.dlspark.augment.random.AugmentRandom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextOpsTest {
    private static final Lexicon LEXICON = Lexicon.of(List.of(
        List.of("quick", "fast", "speedy"), List.of("dog", "domestic_dog"), List.of("jumps", "leaps")));
    private static final List<TextOp> ALL = List.of(new RandomSwap(0.5), new RandomDeletion(0.9),
        new RandomInsertion(0.5, RandomInsertion.Source.DOCUMENT), new RandomInsertion(0.5, RandomInsertion.Source.SYNONYM),
        new SynonymReplacement(1.0));

    private static List<String> run(TextOp op, String text, long seed) {
        List<String> tokens = Words.tokenize(text);
        op.apply(tokens, new AugmentRandom(seed), LEXICON);
        return tokens;
    }

    @Test
    void nonEmptyDocumentsStayNonEmpty() {
        for (TextOp op : ALL) {
            for (String text : List.of("one", "two words", "The quick brown dog jumps")) {
                for (long seed = 0; seed < 50; seed++) {
                    assertFalse(run(op, text, seed).isEmpty(), op + " on '" + text + "' seed " + seed);
                }
            }
            assertTrue(run(op, "", 1).isEmpty(), op + " leaves an empty document empty");
        }
    }

    @Test
    void deletingEveryWordLeavesTheDocumentUnchanged() {
        assertEquals(List.of("a", "b", "c"), run(new RandomDeletion(1.0), "a b c", 3));
    }

    @Test
    void deletionRemovesSomeWordsAndKeepsOrder() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            words.add("w" + i);
        }
        List<String> tokens = new ArrayList<>(words);
        new RandomDeletion(0.5).apply(tokens, new AugmentRandom(5), Lexicon.empty());
        assertTrue(tokens.size() > 60 && tokens.size() < 140, "kept " + tokens.size());
        List<String> sorted = new ArrayList<>(tokens);
        sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))));
        assertEquals(sorted, tokens);
    }

    @Test
    void swapRearrangesTheSameWords() {
        String text = "a b c d e f g h i j";
        List<String> swapped = run(new RandomSwap(0.3), text, 7);
        assertNotEquals(Words.tokenize(text), swapped);
        List<String> sorted = new ArrayList<>(swapped);
        Collections.sort(sorted);
        assertEquals(Words.tokenize(text), sorted);
        assertEquals(List.of("solo"), run(new RandomSwap(1), "solo", 7));
    }

    @Test
    void documentInsertionAddsCopiesOfDocumentWords() {
        List<String> tokens = run(new RandomInsertion(0.5, RandomInsertion.Source.DOCUMENT), "red green blue yellow", 2);
        assertEquals(6, tokens.size());
        assertTrue(List.of("red", "green", "blue", "yellow").containsAll(tokens));
    }

    @Test
    void synonymInsertionAddsSynonymsOnly() {
        List<String> tokens = run(new RandomInsertion(0.5, RandomInsertion.Source.SYNONYM), "the dog runs home", 4);
        assertEquals(6, tokens.size());
        assertEquals(2, Collections.frequency(tokens, "domestic dog"));
        assertEquals(List.of("nothing", "here"),
            run(new RandomInsertion(1, RandomInsertion.Source.SYNONYM), "nothing here", 4));
    }

    @Test
    void synonymReplacementKeepsPunctuationCaseAndSkipsStopWords() {
        List<String> tokens = run(new SynonymReplacement(1.0), "The Quick, brown dog.", 1);
        assertEquals("The", tokens.get(0), "stop words stay");
        assertTrue(List.of("Fast,", "Speedy,").contains(tokens.get(1)), tokens.get(1));
        assertEquals("brown", tokens.get(2), "no synonym, no change");
        assertEquals("domestic dog.", tokens.get(3));
    }

    @Test
    void synonymReplacementReplacesTheRequestedFraction() {
        List<String> tokens = run(new SynonymReplacement(0.25), "quick dog jumps quick", 9);
        int changed = 0;
        List<String> original = Words.tokenize("quick dog jumps quick");
        for (int i = 0; i < tokens.size(); i++) {
            changed += tokens.get(i).equals(original.get(i)) ? 0 : 1;
        }
        assertEquals(1, changed);
    }

    @Test
    void tokenizeSplitsOnAnyWhitespace() {
        assertEquals(List.of("a", "b", "c"), Words.tokenize("  a\tb\n\nc "));
        assertTrue(Words.tokenize(" \n ").isEmpty());
        assertEquals("a b c", Words.join(Words.tokenize("a\tb\nc")));
    }
}
