package io.dlspark.augment.text;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.util.List;

/** Builds text ops from their configuration keys; see {@code conf/augment/text.conf} for every op and key. */
public final class TextOps {
    /** The op names accepted in {@code augment.ops[i].op}. */
    public static final List<String> NAMES = List.of("swap", "delete", "insert", "synonym");

    private TextOps() {
    }

    /** Reads op {@code name}'s keys from {@code params}; the caller rejects unknown keys afterwards. */
    public static TextOp parse(String name, Params params) {
        return switch (name) {
            case "swap" -> new RandomSwap(params.number("fraction", 0.1, 0, 1));
            case "delete" -> new RandomDeletion(params.number("rate", 0.1, 0, 1));
            case "insert" -> new RandomInsertion(params.number("fraction", 0.1, 0, 1), source(params));
            case "synonym" -> new SynonymReplacement(params.number("fraction", 0.1, 0, 1));
            default -> throw new UsageException(params.key("op") + ": unknown text op '" + name + "' (known: "
                + String.join(", ", NAMES) + ")");
        };
    }

    private static RandomInsertion.Source source(Params params) {
        String value = params.string("source", "synonym");
        return switch (value) {
            case "document" -> RandomInsertion.Source.DOCUMENT;
            case "synonym" -> RandomInsertion.Source.SYNONYM;
            default -> throw new UsageException(params.key("source") + ": must be document or synonym, got '"
                + value + "'");
        };
    }
}
