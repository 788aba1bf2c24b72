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
        String[] fields = line.split(" ", 5);
        if (fields.length < 5) {
            throw new DataException(file + ":" + number + ": not a WordNet synset line (fewer than 5 fields)");
        }
        int count;
        try {
            count = Integer.parseInt(fields[3], 16);
        } catch (NumberFormatException e) {
            throw new DataException(file + ":" + number + ": word count '" + fields[3] + "' is not hexadecimal");
        }
        String[] rest = fields[4].split(" ", 2 * count + 1);
        if (rest.length < 2 * count) {
            throw new DataException(file + ":" + number + ": synset declares " + count + " words but has fewer");
        }
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String word = rest[2 * i];
            int marker = word.indexOf('(');
            words.add(marker > 0 ? word.substring(0, marker) : word);
        }
        return words;
    }
}
