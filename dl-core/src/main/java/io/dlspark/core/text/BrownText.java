package io.dlspark.core.text;

/**
 * The plain text of a Brown-corpus document in its tagged form (C): every {@code word/tag} token becomes
 * {@code word}, one sentence per line. Tokens without a tag are kept as they are and counted.
 */
public final class BrownText {
    private BrownText() {
    }

    /** The untagged text and how many tokens carried a tag. */
    public record Untagged(String text, int taggedTokens, int untaggedTokens) {
    }

    public static Untagged strip(String tagged) {
        StringBuilder out = new StringBuilder(tagged.length() / 2);
        int taggedCount = 0;
        int untagged = 0;
        for (String line : tagged.split("\n")) {
            String[] tokens = line.strip().split("\\s+");
            StringBuilder sentence = new StringBuilder();
            for (String token : tokens) {
                if (token.isEmpty()) {
                    continue;
                }
                int slash = token.lastIndexOf('/');
                String word;
                if (slash > 0 && slash < token.length() - 1) {
                    word = token.substring(0, slash);
                    taggedCount++;
                } else {
                    word = token;
                    untagged++;
                }
                if (sentence.length() > 0) {
                    sentence.append(' ');
                }
                sentence.append(word);
            }
            if (sentence.length() > 0) {
                out.append(sentence).append('\n');
            }
        }
        return new Untagged(out.toString().strip(), taggedCount, untagged);
    }
}
