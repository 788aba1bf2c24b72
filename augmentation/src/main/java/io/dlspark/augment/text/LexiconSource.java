package io.dlspark.augment.text;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a text pipeline's synonyms come from: a WordNet data directory or a synonym-group file (see
 * {@link SynonymGroupReader}), on the local file system of the process that builds the pipeline.
 *
 * @param key the configuration key that gave it, named in errors, such as {@code augment.lexicon}
 */
public record LexiconSource(Format format, String path, String key) implements Serializable {
    /** Debian's {@code wordnet-base} installs here. */
    public static final String DEFAULT_WORDNET = "/usr/share/wordnet";

    /** The lexicon file formats. */
    public enum Format { WORDNET, GROUPS }

    public LexiconSource {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
    }

    /** Reads the lexicon, or fails with a {@link UsageException} naming the path looked at when it is not there. */
    public Lexicon load() {
        Path location = Path.of(path);
        try {
            if (format == Format.WORDNET) {
                List<String> missing = WordNetReader.FILES.stream()
                    .filter(name -> !Files.isRegularFile(location.resolve(name))).toList();
                if (!missing.isEmpty()) {
                    throw new UsageException(key + ".path: no WordNet lexicon at " + location.toAbsolutePath()
                        + " (missing " + String.join(", ", missing) + "); install Debian's wordnet-base package, "
                        + "or set " + key + ".format = groups and " + key + ".path to a synonym-group file");
                }
                return WordNetReader.read(location);
            }
            if (!Files.isRegularFile(location)) {
                throw new UsageException(key + ".path: no synonym-group file at " + location.toAbsolutePath()
                    + " (expected one group per line, words separated by commas)");
            }
            return SynonymGroupReader.read(location);
        } catch (IOException e) {
            throw new DataException(key + ".path: cannot read the lexicon at " + location.toAbsolutePath() + ": " + e, e);
        }
    }
}
