package io.dlspark.augment.boxes;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.util.List;

/** Builds box-aware ops from their configuration keys ({@code augment.records = boxes}). */
public final class BoxOps {
    /** The op names accepted in {@code augment.ops[i].op} for boxes. */
    public static final List<String> NAMES = List.of("flip-horizontal", "crop", "translate");

    private BoxOps() {
    }

    /** Reads op {@code name}'s keys from {@code params}; the caller rejects unknown keys afterwards. */
    public static BoxOp parse(String name, Params params) {
        return switch (name) {
            case "flip-horizontal" -> new BoxFlip();
            case "crop" -> new BoxCrop(params.number("min-scale", 0.01, 1), fill(params));
            case "translate" -> new BoxTranslate(
                params.integer("max-dx", 0, 1 << 16), params.integer("max-dy", 0, 1 << 16), fill(params));
            default -> throw new UsageException(params.key("op") + ": unknown box op '" + name + "' (known: "
                + String.join(", ", NAMES) + ")");
        };
    }

    private static int fill(Params params) {
        return params.integer("fill", 0, 0, 255);
    }
}
