package io.dlspark.feed;

import io.dlspark.core.UsageException;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.text.WordPieceVocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record of several windows holds the text's pieces in order, each window {@code [CLS]} pieces {@code [SEP]} over
 * the next run of pieces; windows past the end of the text are padding, and the vectoriser records the windows.
 */
class WordPieceWindowsTest {
    @TempDir
    java.nio.file.Path dir;

    private WordPieceCodec codec(int length, int windows) throws Exception {
        List<String> tokens = new ArrayList<>(WordPieceVocabulary.SPECIAL);
        tokens.addAll(List.of("a", "b", "c", "d", "e", "f", "g"));
        java.nio.file.Path file = dir.resolve("vocab.txt");
        Files.writeString(file, String.join("\n", tokens));
        return WordPieceCodec.open(new Path(file.toUri()), "--features wordpiece", length, windows, new Configuration());
    }

    @Test
    void windowsFollowTheTextAndPadPastItsEnd() throws Exception {
        WordPieceCodec three = codec(15, 3);
        int cls = WordPieceVocabulary.SPECIAL.indexOf("[CLS]");
        int sep = WordPieceVocabulary.SPECIAL.indexOf("[SEP]");
        int a = WordPieceCodec.FIRST_REGULAR;
        // 7 pieces, 3 a window: a b c | d e f | g
        assertArrayEquals(new int[] {cls, a, a + 1, a + 2, sep, cls, a + 3, a + 4, a + 5, sep, cls, a + 6, sep, 0, 0},
            three.encode("a b c d e f g"));
        // 4 pieces: the third window is padding only
        assertArrayEquals(new int[] {cls, a, a + 1, a + 2, sep, cls, a + 3, sep, 0, 0, 0, 0, 0, 0, 0},
            three.encode("a b c d"));
        // no text: [CLS] [SEP] in the first window, as with one window
        assertArrayEquals(new int[] {cls, sep, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, three.encode(""));
        // one window of the same size keeps the first three pieces
        assertArrayEquals(new int[] {cls, a, a + 1, a + 2, sep}, codec(5, 1).encode("a b c d e f g"));
    }

    @Test
    void theVectoriserRecordsTheWindowsAndFeaturesCheckThem() throws Exception {
        WordPieceCodec three = codec(15, 3);
        TextFeatures.Vectorizer recorded = FeatureInputs.vectorizer(three, "vocab.txt");
        assertEquals(new TextFeatures.Vectorizer(TextFeatureKind.WORDPIECE, "vocab.txt", WordPieceCodec.FIRST_REGULAR + 7, 15, 3), recorded);
        assertEquals(3, recorded.windowCount());
        assertNull(FeatureInputs.vectorizer(codec(5, 1), "vocab.txt").windows(), "one window is not written");
        assertEquals(15, FeatureInputs.wordPieces(three, recorded).width());
        assertThrows(IllegalArgumentException.class, () -> FeatureInputs.wordPieces(three,
            new TextFeatures.Vectorizer(TextFeatureKind.WORDPIECE, "vocab.txt", WordPieceCodec.FIRST_REGULAR + 7, 15)));
    }

    @Test
    void recordsThatAreNotWholeWindowsAreRefused() {
        UsageException e = assertThrows(UsageException.class, () -> codec(16, 3));
        assertEquals("--features wordpiece: 16 ids a record are not 3 windows of equal length", e.getMessage());
        assertTrue(assertThrows(UsageException.class, () -> codec(6, 3)).getMessage().contains("sequence length 2"));
    }
}
