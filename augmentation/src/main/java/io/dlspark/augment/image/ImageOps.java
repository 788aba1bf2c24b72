package io.dlspark.augment.image;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.util.List;

/** Builds image ops from their configuration keys; see {@code conf/augment/fashion-mnist.conf} for every op and key. */
public final class ImageOps {
    /** The op names accepted in {@code augment.ops[i].op}. */
    public static final List<String> NAMES = List.of("flip-horizontal", "flip-vertical", "rotate", "crop", "translate",
        "zoom", "brightness", "contrast", "gaussian-noise", "erase");

    private ImageOps() {
    }

    /** Reads op {@code name}'s keys from {@code params}; the caller rejects unknown keys afterwards. */
    public static ImageOp parse(String name, Params params) {
        return switch (name) {
            case "flip-horizontal" -> new Flip(Flip.Axis.HORIZONTAL);
            case "flip-vertical" -> new Flip(Flip.Axis.VERTICAL);
            case "rotate" -> new Rotate(params.number("degrees", 0, 180), fill(params));
            case "crop" -> {
                int[] size = params.size("size", 1, 1 << 16);
                yield new RandomCrop(size[0], size[1], params.integer("padding", 0, 0, 1 << 16), fill(params));
            }
            case "translate" -> new Translate(
                params.integer("max-dx", 0, 1 << 16), params.integer("max-dy", 0, 1 << 16), fill(params));
            case "zoom" -> {
                double min = params.number("min-scale", 0.01, 100);
                yield new Zoom(min, params.number("max-scale", min, 100), fill(params));
            }
            case "brightness" -> new Brightness(params.number("max-delta", 0, 1));
            case "contrast" -> new Contrast(params.number("max-delta", 0, 1));
            case "gaussian-noise" -> new GaussianNoise(params.number("sigma", 0, 255));
            case "erase" -> {
                double minArea = params.number("min-area", 0.02, 0, 1);
                double maxArea = params.number("max-area", 0.2, minArea, 1);
                double minAspect = params.number("min-aspect", 0.3, 0.01, 100);
                double maxAspect = params.number("max-aspect", 1 / 0.3, minAspect, 100);
                yield new RandomErasing(minArea, maxArea, minAspect, maxAspect, fill(params));
            }
            default -> throw new UsageException(params.key("op") + ": unknown image op '" + name + "' (known: "
                + String.join(", ", NAMES) + ")");
        };
    }

    private static int fill(Params params) {
        return params.integer("fill", 0, 0, 255);
    }
}
