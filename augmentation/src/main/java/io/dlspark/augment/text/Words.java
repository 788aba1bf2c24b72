package io.dlspark.augment.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tokens and their word cores. A token is a run of non-whitespace; its core runs from the first to the last
 * letter or digit, so that {@code "(Dog),"} has the core {@code Dog} and looks up {@code dog}.
 */
public final class Words {
    /** Common English function words, never replaced by or looked up for synonyms. */
    static final Set<String> STOP_WORDS = Set.of(
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not",
        "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "yours", "yourself", "yourselves");

    private Words() {
    }

    /** The whitespace-separated tokens of {@code text}, in a mutable list; empty for blank text. */
    public static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    /** The tokens joined by single spaces. */
    public static String join(List<String> tokens) {
        return String.join(" ", tokens);
    }

    /** Synonyms of the token's core, or none for stop words, cores without letters and words not in the lexicon. */
    static List<String> synonymsOf(String token, Lexicon lexicon) {
        int start = coreStart(token);
        if (start < 0) {
            return List.of();
        }
        String word = token.substring(start, coreEnd(token)).toLowerCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return List.of();
        }
        return lexicon.synonyms(word);
    }

    /** The token with its core replaced by {@code word}, capitalised when the core began with a capital. */
    static String replaceCore(String token, String word) {
        int start = coreStart(token);
        int end = coreEnd(token);
        String replacement = Character.isUpperCase(token.charAt(start)) && !word.isEmpty()
            ? Character.toUpperCase(word.charAt(0)) + word.substring(1)
            : word;
        return token.substring(0, start) + replacement + token.substring(end);
    }

    private static int coreStart(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetterOrDigit(token.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int coreEnd(String token) {
        for (int i = token.length(); i > 0; i--) {
            if (Character.isLetterOrDigit(token.charAt(i - 1))) {
                return i;
            }
        }
        return 0;
    }
}
