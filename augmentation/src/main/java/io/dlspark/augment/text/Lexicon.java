package io.dlspark.augment.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Synonym groups (such as WordNet synsets) over lower-case words; multi-word entries use spaces. Words are kept
 * sorted and groups as index arrays, so that the lexicon serialises compactly for a Spark broadcast and looks
 * words up by binary search without a rebuilt hash table.
 */
public final class Lexicon implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Lexicon EMPTY = of(List.of());

    private final String[] words;
    private final int[] groupStart;
    private final int[] groupWords;
    private final int[] wordStart;
    private final int[] wordGroups;

    private Lexicon(String[] words, int[] groupStart, int[] groupWords, int[] wordStart, int[] wordGroups) {
        this.words = words;
        this.groupStart = groupStart;
        this.groupWords = groupWords;
        this.wordStart = wordStart;
        this.wordGroups = wordGroups;
    }

    /** A lexicon without words. */
    public static Lexicon empty() {
        return EMPTY;
    }

    /**
     * A lexicon of {@code groups}, in order. Words are lower-cased with underscores read as spaces; blank words
     * and repeats within a group are dropped, and so are groups left with fewer than two words.
     */
    public static Lexicon of(List<List<String>> groups) {
        List<String[]> kept = new ArrayList<>();
        Set<String> vocabulary = new TreeSet<>();
        for (List<String> group : groups) {
            Set<String> members = new LinkedHashSet<>();
            for (String word : group) {
                String normal = normalise(word);
                if (!normal.isEmpty()) {
                    members.add(normal);
                }
            }
            if (members.size() >= 2) {
                kept.add(members.toArray(String[]::new));
                vocabulary.addAll(members);
            }
        }
        String[] words = vocabulary.toArray(String[]::new);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            index.put(words[i], i);
        }
        int[] groupStart = new int[kept.size() + 1];
        int[] perWord = new int[words.length + 1];
        int total = 0;
        for (int g = 0; g < kept.size(); g++) {
            groupStart[g] = total;
            total += kept.get(g).length;
            for (String word : kept.get(g)) {
                perWord[index.get(word) + 1]++;
            }
        }
        groupStart[kept.size()] = total;
        int[] groupWords = new int[total];
        for (int g = 0, k = 0; g < kept.size(); g++) {
            for (String word : kept.get(g)) {
                groupWords[k++] = index.get(word);
            }
        }
        int[] wordStart = new int[words.length + 1];
        for (int w = 0; w < words.length; w++) {
            wordStart[w + 1] = wordStart[w] + perWord[w + 1];
        }
        int[] fill = Arrays.copyOf(wordStart, words.length);
        int[] wordGroups = new int[total];
        for (int g = 0; g < kept.size(); g++) {
            for (int k = groupStart[g]; k < groupStart[g + 1]; k++) {
                wordGroups[fill[groupWords[k]]++] = g;
            }
        }
        return new Lexicon(words, groupStart, groupWords, wordStart, wordGroups);
    }

    /** The distinct synonyms of a lower-case {@code word}, in group order, without the word itself; empty if none. */
    public List<String> synonyms(String word) {
        int w = Arrays.binarySearch(words, word);
        if (w < 0) {
            return List.of();
        }
        Set<String> synonyms = new LinkedHashSet<>();
        for (int k = wordStart[w]; k < wordStart[w + 1]; k++) {
            int g = wordGroups[k];
            for (int m = groupStart[g]; m < groupStart[g + 1]; m++) {
                if (groupWords[m] != w) {
                    synonyms.add(words[groupWords[m]]);
                }
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(synonyms));
    }

    /** Number of distinct words that have at least one synonym. */
    public int wordCount() {
        return words.length;
    }

    /** Number of groups of two or more words. */
    public int groupCount() {
        return groupStart.length - 1;
    }

    private static String normalise(String word) {
        StringBuilder out = new StringBuilder(word.length());
        boolean space = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '_' || Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
