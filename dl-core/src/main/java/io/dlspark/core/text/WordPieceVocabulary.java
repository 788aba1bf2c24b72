package io.dlspark.core.text;

import io.dlspark.core.UsageException;
import io.dlspark.core.io.AtomicFiles;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Adds the words of {@code text} (see {@link #words(String)}). */
    public void addText(String text) {
        for (String word : words(text)) {
            words.merge(word, 1L, Long::sum);
        }
    }

    /** The words of {@code text} as DL4J's BERT tokenizer sees them: lower-cased, accents stripped, split at whitespace and around punctuation. */
    public static List<String> words(String text) {
        String normal = MARKS.matcher(Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)).replaceAll("");
        List<String> found = new ArrayList<>();
        for (String chunk : WHITESPACE.split(normal)) {
            for (String word : PUNCTUATION.split(chunk)) {
                if (!word.isEmpty()) {
                    found.add(word);
                }
            }
        }
        return found;
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
     * The vocabulary of at most {@code size} tokens from the counted words (see {@link #choose}); counting pieces
     * with {@link #pieces} and characters with {@link #characters} on the counts made here.
     */
    public List<String> build(int size, int maxPieceLength) {
        checkMaxPieceLength(maxPieceLength);
        Map<String, Long> pieceCounts = new HashMap<>();
        Set<String> seen = new HashSet<>();
        words.forEach((word, count) -> {
            pieces(word, maxPieceLength).forEach(piece -> pieceCounts.merge(piece, count, Long::sum));
            seen.addAll(characters(word));
        });
        return choose(pieceCounts, seen, size, maxPieceLength);
    }

    /**
     * The pieces of {@code word} that may enter the vocabulary, once per occurrence in the word: every substring of
     * 2 to {@code maxPieceLength} characters, a word start as it is and any other with the {@code ##} prefix. A word
     * seen n times adds n to each.
     */
    public static List<String> pieces(String word, int maxPieceLength) {
        checkMaxPieceLength(maxPieceLength);
        int[] points = word.codePoints().toArray();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            for (int end = i + 2; end <= Math.min(points.length, i + maxPieceLength); end++) {
                String piece = new String(points, i, end - i);
                found.add(i == 0 ? piece : CONTINUATION + piece);
            }
        }
        return found;
    }

    /** The characters of {@code word}, each once. */
    public static Set<String> characters(String word) {
        Set<String> found = new HashSet<>();
        word.codePoints().forEach(c -> found.add(new String(Character.toChars(c))));
        return found;
    }

    /**
     * The one rule that picks the vocabulary of at most {@code size} tokens: the special tokens; every character
     * seen, alone and as a continuation (so every word tokenises without [UNK]); then the counted pieces by how often
     * they occur, longer first on ties, then by text. It depends only on the totals, not on how they were added up.
     */
    public static List<String> choose(Map<String, Long> pieceCounts, Set<String> characters, int size,
                                      int maxPieceLength) {
        checkMaxPieceLength(maxPieceLength);
        Set<String> vocabulary = new LinkedHashSet<>(SPECIAL);
        for (String c : new TreeSet<>(characters)) {
            vocabulary.add(c);
            vocabulary.add(CONTINUATION + c);
        }
        if (vocabulary.size() > size) {
            throw new UsageException("word-piece vocabulary: " + size + " tokens cannot hold the " + SPECIAL.size()
                + " special tokens and the " + characters.size() + " characters seen (twice each); need "
                + vocabulary.size());
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(pieceCounts.entrySet());
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

    private static void checkMaxPieceLength(int maxPieceLength) {
        if (maxPieceLength < 2) {
            throw new UsageException("word-piece vocabulary: maximum piece length must be at least 2, got " + maxPieceLength);
        }
    }

    /**
     * Writes the vocabulary one token per line (the line number is the id) to {@code file} on any Hadoop file system,
     * through a temporary sibling and a rename.
     */
    public static void write(List<String> vocabulary, org.apache.hadoop.fs.Path file, Configuration conf)
            throws IOException {
        byte[] bytes = (String.join("\n", vocabulary) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, conf, out -> out.write(bytes));
    }

    /** Writes the vocabulary to a local {@code file} (see {@link #write(List, org.apache.hadoop.fs.Path, Configuration)}). */
    public static void write(List<String> vocabulary, Path file) throws IOException {
        write(vocabulary, new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), new Configuration());
    }
}
