package io.dlspark.augment.text;

import io.dlspark.core.DataException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the synsets of WordNet's {@code data.noun}, {@code data.verb}, {@code data.adj} and {@code data.adv}
 * files (as in Debian's {@code wordnet-base}) into a {@link Lexicon}. A data line reads
 * {@code offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] ...}, with {@code w_cnt} in hexadecimal;
 * lines starting with spaces are the licence header. Adjective markers such as {@code (a)} are dropped.
 */
public final class WordNetReader {
    /** The data files read, all of which must exist. */
    public static final List<String> FILES = List.of("data.noun", "data.verb", "data.adj", "data.adv");

    private WordNetReader() {
    }

    /** Reads the four data files in {@code dir}; the caller has checked that they exist. */
    public static Lexicon read(Path dir) throws IOException {
        List<List<String>> groups = new ArrayList<>();
        for (String name : FILES) {
            Path file = dir.resolve(name);
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (!line.isEmpty() && line.charAt(0) != ' ') {
                        groups.add(synset(line, file, number));
                    }
                }
            }
        }
        return Lexicon.of(groups);
    }

    private static List<String> synset(String line, Path file, int number) {
        int countStart = 0;
        for (int field = 0; field < 3; field++) {
            countStart = fieldEnd(line, countStart, file, number) + 1;
        }
        int countEnd = fieldEnd(line, countStart, file, number);
        int count;
        try {
            count = Integer.parseInt(line, countStart, countEnd, 16);
        } catch (NumberFormatException e) {
            throw new DataException(file + ":" + number + ": word count '" + line.substring(countStart, countEnd)
                + "' is not hexadecimal");
        }
        List<String> words = new ArrayList<>(count);
        int at = countEnd + 1;
        for (int i = 0; i < count; i++) {
            int end = fieldEnd(line, at, file, number);
            int marker = line.indexOf('(', at);
            words.add(line.substring(at, marker > at && marker < end ? marker : end));
            at = fieldEnd(line, end + 1, file, number) + 1;
        }
        return words;
    }

    /** The index of the space that ends the field starting at {@code start}. */
    private static int fieldEnd(String line, int start, Path file, int number) {
        int end = start < line.length() ? line.indexOf(' ', start) : -1;
        if (end < 0) {
            throw new DataException(file + ":" + number + ": not a WordNet synset line (it ends early)");
        }
        return end;
    }
}
