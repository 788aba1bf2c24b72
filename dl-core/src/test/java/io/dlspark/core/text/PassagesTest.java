package io.dlspark.core.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passages keep whole sentences while they fit, cut longer sentences, and fold a short tail into the last passage. */
class PassagesTest {
    @Test
    void wholeSentencesAreGatheredUpToTheWordCount() {
        String text = "One two three. Four five six!  Seven eight\nnine ten eleven? Twelve.";
        assertEquals(List.of("One two three. Four five six!", "Seven eight nine ten eleven? Twelve."),
            Passages.cut(text, 6));
    }

    @Test
    void aSentenceLongerThanAPassageIsCutEveryNWordsAndAShortTailJoinsTheLastPassage() {
        String words = "a b c d e f g h i j k l m n o p q r s t u";
        List<String> passages = Passages.cut(words, 8);
        assertEquals(List.of("a b c d e f g h", "i j k l m n o p", "q r s t u"), passages);
        assertEquals(List.of("a b c d e f g h", "i j k l m n o p q"), Passages.cut("a b c d e f g h i j k l m n o p q", 8),
            "a tail of one word (under a quarter of 8) joins the passage before");
    }

    @Test
    void cuttingIsDeterministicAndLosesNoWord() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("word").append(i).append(i % 7 == 6 ? ". " : " ");
        }
        List<String> passages = Passages.cut(text.toString(), 40);
        assertEquals(passages, Passages.cut(text.toString(), 40));
        assertEquals(text.toString().strip(), String.join(" ", passages));
        assertTrue(passages.stream().allMatch(p -> p.split(" ").length <= 40 + 10), passages.toString());
        assertTrue(Passages.cut("  \n ", 5).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Passages.cut("a", 0));
    }
}
