package io.dlspark.augment;

import com.typesafe.config.ConfigFactory;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.augment.text.Lexicon;
import io.dlspark.augment.text.LexiconSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared helpers of the augmentation tests. */
public final class Fixtures {
    /** The repository's {@code conf/augment}, seen from the module directory that Maven runs tests in. */
    public static final Path CONF = Path.of("..", "conf", "augment");

    private static Lexicon wordNet;

    private Fixtures() {
    }

    /** Whether Debian's wordnet-base data files are installed where {@link LexiconSource} looks by default. */
    public static boolean wordNetInstalled() {
        return Files.isRegularFile(Path.of(LexiconSource.DEFAULT_WORDNET, "data.noun"));
    }

    /** The installed WordNet, read once for all tests. */
    public static synchronized Lexicon wordNet() {
        if (wordNet == null) {
            wordNet = new LexiconSource(LexiconSource.Format.WORDNET, LexiconSource.DEFAULT_WORDNET, "augment.lexicon")
                .load();
        }
        return wordNet;
    }

    /** Parses HOCON text as an augmentation config. */
    public static AugmentConfig config(String hocon) {
        return AugmentConfigs.parse(ConfigFactory.parseString(hocon).resolve(), "test");
    }

    /** Random pixels, the same for the same seed. */
    public static byte[] randomImage(int size, long seed) {
        AugmentRandom random = new AugmentRandom(seed);
        byte[] pixels = new byte[size];
        for (int i = 0; i < size; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        return pixels;
    }

    /** A copy made through Java serialization, as a Spark broadcast or closure would make it. */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
