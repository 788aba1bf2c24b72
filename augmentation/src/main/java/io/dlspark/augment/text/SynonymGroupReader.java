package io.dlspark.augment.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a synonym-group file into a {@link Lexicon}. Format: UTF-8, one group per line, words separated by
 * commas; a word may contain spaces ({@code ice cream}); text after {@code #} and blank lines are ignored.
 * Example: {@code big, large, huge}. A word in several lines gets the synonyms of all of them.
 */
public final class SynonymGroupReader {

    private SynonymGroupReader() {
    }

    /** Reads {@code file}; the caller has checked that it exists. */
    public static Lexicon read(Path file) throws IOException {
        List<List<String>> groups = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                int comment = line.indexOf('#');
                String content = comment >= 0 ? line.substring(0, comment) : line;
                if (!content.isBlank()) {
                    groups.add(List.of(content.split(",")));
                }
            }
        }
        return Lexicon.of(groups);
    }
}
