package io.dlspark.core.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a document into passages of about a set number of words, deterministically: whole sentences (ended by
 * {@code . ! ?} or a line break) are gathered while they fit; a longer sentence is cut every {@code words} words, and a
 * last passage shorter than a quarter of {@code words} joins the one before. Whitespace runs become one space.
 */
public final class Passages {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\s*\\n\\s*");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private Passages() {
    }

    /** The passages of {@code text}, in order; none for blank text. */
    public static List<String> cut(String text, int words) {
        if (words < 1) {
            throw new IllegalArgumentException("passage words must be positive, got " + words);
        }
        List<List<String>> passages = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text.strip())) {
            List<String> tokens = Arrays.stream(SPACE.split(sentence.strip())).filter(t -> !t.isEmpty()).toList();
            if (!current.isEmpty() && current.size() + tokens.size() > words) {
                passages.add(current);
                current = new ArrayList<>();
            }
            for (String token : tokens) {
                if (current.size() == words) {
                    passages.add(current);
                    current = new ArrayList<>();
                }
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            if (!passages.isEmpty() && current.size() < Math.max(1, words / 4)) {
                passages.get(passages.size() - 1).addAll(current);
            } else {
                passages.add(current);
            }
        }
        return passages.stream().map(p -> String.join(" ", p)).toList();
    }
}
