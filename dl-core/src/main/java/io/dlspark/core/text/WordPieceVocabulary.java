package io.dlspark.core.text;

import io.dlspark.core.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Counts words in text and builds a WordPiece vocabulary from the counts, written as a {@code vocab.txt} for DL4J's
 * {@code BertWordPieceTokenizerFactory}: the special tokens, every character seen, then the most frequent words and
 * pieces. Counts add up, so the vocabulary is the same whatever the order or partitioning of the input.
 */
public final class WordPieceVocabulary {
    /** The special tokens, first in the vocabulary: [PAD] is id 0 (padding) and [UNK] id 1 (unknown), as in dlspark. */
    public static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    /** The prefix of a piece that continues a word. */
    public static final String CONTINUATION = "##";
    private static final Pattern WHITESPACE = Pattern.compile("\\p{javaWhitespace}+");
    private static final Pattern PUNCTUATION = Pattern.compile("((?<=\\p{Punct})|(?=\\p{Punct}))");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final Map<String, Long> words = new HashMap<>();

    /** Adds the words of {@code text}: lower-cased, accents stripped, split at whitespace and around punctuation. */
    public void addText(String text) {
        String normal = MARKS.matcher(Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)).replaceAll("");
        for (String chunk : WHITESPACE.split(normal)) {
            for (String word : PUNCTUATION.split(chunk)) {
                if (!word.isEmpty()) {
                    words.merge(word, 1L, Long::sum);
                }
            }
        }
    }

    /** Adds another counter's words (for counts made per partition). */
    public void addAll(WordPieceVocabulary other) {
        other.words.forEach((word, count) -> words.merge(word, count, Long::sum));
    }

    /** How often {@code word} was seen. */
    public long count(String word) {
        return words.getOrDefault(word, 0L);
    }

    /**
     * The vocabulary of at most {@code size} tokens: the special tokens; every character seen, alone and as a
     * continuation (so every word tokenises without [UNK]); then words and pieces of up to {@code maxPieceLength}
     * characters (word starts, and {@code ##} continuations) by how often they occur, longer first on ties, then by text.
     */
    public List<String> build(int size, int maxPieceLength) {
        if (maxPieceLength < 2) {
            throw new UsageException("word-piece vocabulary: maximum piece length must be at least 2, got " + maxPieceLength);
        }
        Map<String, Long> pieces = new HashMap<>();
        Set<String> characters = new java.util.TreeSet<>();
        words.forEach((word, count) -> countPieces(word, count, maxPieceLength, pieces, characters));
        Set<String> vocabulary = new LinkedHashSet<>(SPECIAL);
        for (String c : characters) {
            vocabulary.add(c);
            vocabulary.add(CONTINUATION + c);
        }
        if (vocabulary.size() > size) {
            throw new UsageException("word-piece vocabulary: " + size + " tokens cannot hold the " + SPECIAL.size()
                + " special tokens and the " + characters.size() + " characters seen (twice each); need "
                + vocabulary.size());
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(pieces.entrySet());
        ranked.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
            .thenComparing(e -> -e.getKey().length()).thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, Long> piece : ranked) {
            if (vocabulary.size() >= size) {
                break;
            }
            vocabulary.add(piece.getKey());
        }
        return List.copyOf(vocabulary);
    }

    private static void countPieces(String word, long count, int maxPieceLength, Map<String, Long> pieces,
                                    Set<String> characters) {
        int[] points = word.codePoints().toArray();
        for (int i = 0; i < points.length; i++) {
            characters.add(new String(points, i, 1));
            for (int end = i + 2; end <= Math.min(points.length, i + maxPieceLength); end++) {
                String piece = new String(points, i, end - i);
                pieces.merge(i == 0 ? piece : CONTINUATION + piece, count, Long::sum);
            }
        }
    }

    /** Writes the vocabulary one token per line (the line number is the id), through a temporary file and a rename. */
    public static void write(List<String> vocabulary, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, vocabulary, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
