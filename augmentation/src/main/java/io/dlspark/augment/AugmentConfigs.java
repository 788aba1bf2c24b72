package io.dlspark.augment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dlspark.augment.boxes.BoxOps;
import io.dlspark.augment.image.ImageOps;
import io.dlspark.augment.text.LexiconSource;
import io.dlspark.augment.text.TextOps;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads augmentation configurations (HOCON {@code augment { records (image, text or boxes), seed, ops = [...], lexicon }}; keys in
 * docs/architecture.md). Any bad value, unknown op or unknown key is a {@link UsageException} naming the full key, such
 * as {@code augment.ops[2].degrees}.
 */
public final class AugmentConfigs {
    /** {@code augment.records} for image records. */
    public static final String IMAGE = "image";
    /** {@code augment.records} for text records. */
    public static final String TEXT = "text";
    /** {@code augment.records} for images with object boxes ({@link BoxPipeline}). */
    public static final String BOXES = "boxes";

    private static final String ROOT = "augment";

    private AugmentConfigs() {
    }

    /** Reads and validates {@code file}. */
    public static AugmentConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("augmentation config: no file at " + file.toAbsolutePath());
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new UsageException("augmentation config " + file + ": " + e.getMessage(), e);
        }
        return parse(config, file.toString());
    }

    /** Validates the {@code augment} section of {@code config}; {@code origin} names it in errors. */
    public static AugmentConfig parse(Config config, String origin) {
        if (!config.hasPath(ROOT)) {
            throw new UsageException(ROOT + ": missing in " + origin + " (expected augment { records, seed, ops })");
        }
        Params top;
        try {
            top = new Params(config.getConfig(ROOT), ROOT, "the augment section");
        } catch (ConfigException.WrongType e) {
            throw new UsageException(ROOT + ": must be an object in " + origin);
        }
        String records = top.string("records");
        long seed = top.longValue("seed");
        List<? extends Config> ops = top.objects("ops");
        if (ops.isEmpty()) {
            throw new UsageException(top.key("ops") + ": must list at least one op");
        }
        AugmentConfig result = switch (records) {
            case IMAGE -> new ImageAugmentConfig(seed, steps(ops, ImageOps::parse));
            case TEXT -> new TextAugmentConfig(seed, steps(ops, TextOps::parse), lexicon(top));
            case BOXES -> new BoxAugmentConfig(seed, steps(ops, BoxOps::parse),
                top.number("min-visible", 0.5, 0.01, 1));
            default -> throw new UsageException(top.key("records") + ": must be image, text or boxes, got '" + records
                + "'");
        };
        top.rejectUnknownKeys();
        return result;
    }

    private static <T extends Serializable> List<Step<T>> steps(List<? extends Config> ops,
                                                               BiFunction<String, Params, T> parser) {
        List<Step<T>> steps = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            String key = ROOT + ".ops[" + i + "]";
            String name = new Params(ops.get(i), key, "an op").string("op");
            Params params = new Params(ops.get(i), key, "op '" + name + "'");
            params.string("op");
            double probability = params.number("p", 1.0, 0, 1);
            T op = parser.apply(name, params);
            params.rejectUnknownKeys();
            steps.add(new Step<>(key, name, probability, op));
        }
        return steps;
    }

    private static LexiconSource lexicon(Params top) {
        String key = top.key("lexicon");
        if (!top.has("lexicon")) {
            return new LexiconSource(LexiconSource.Format.WORDNET, LexiconSource.DEFAULT_WORDNET, key);
        }
        Params params = new Params(top.object("lexicon"), key, "the lexicon");
        String format = params.string("format", "wordnet");
        LexiconSource source = switch (format) {
            case "wordnet" -> new LexiconSource(LexiconSource.Format.WORDNET,
                params.string("path", LexiconSource.DEFAULT_WORDNET), key);
            case "groups" -> new LexiconSource(LexiconSource.Format.GROUPS, params.string("path"), key);
            default -> throw new UsageException(params.key("format") + ": must be wordnet or groups, got '" + format + "'");
        };
        params.rejectUnknownKeys();
        return source;
    }
}
