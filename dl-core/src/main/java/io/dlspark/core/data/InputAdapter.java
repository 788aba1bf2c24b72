package io.dlspark.core.data;

import io.dlspark.core.UsageException;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings uint8 HWC records of the data's shape to the shape a network takes ({@code dlspark transfer
 * --input-adapter}): bilinear scaling of height and width, grey to RGB by repetition, RGB to grey by luminance. It
 * reuses the ingest decoder's resizing and channel conversion, so an adapted record looks like one ingested at the
 * network's shape with {@code --resize scale}.
 *
 * @param from the shape of the stored records
 * @param to   the shape the network takes
 */
public record InputAdapter(ImageShape from, ImageShape to) implements Serializable {

    /** One change an adapter may make, by its command-line name. */
    public enum Step {
        RESIZE("resize"), GREY_TO_RGB("grey-to-rgb"), RGB_TO_GREY("rgb-to-grey");

        private final String cliName;

        Step(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }
    }

    /** Parses a comma-separated list of steps such as {@code resize,grey-to-rgb}; {@code option} names the source in errors. */
    public static Set<Step> parseSteps(String text, String option) {
        Set<Step> steps = EnumSet.noneOf(Step.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            steps.add(Arrays.stream(Step.values()).filter(s -> s.cliName.equals(name)).findFirst()
                .orElseThrow(() -> new UsageException(option + ": '" + part.trim() + "' is not an adapter step; expected "
                    + Arrays.stream(Step.values()).map(Step::cliName).collect(Collectors.joining(", ")))));
        }
        return steps;
    }

    /**
     * The adapter from {@code data} to {@code network} using exactly {@code steps}, or null when the shapes are equal
     * and no step is given. A difference no given step covers, or a step that does not apply, is a usage error naming
     * both shapes.
     */
    public static InputAdapter plan(ImageShape data, ImageShape network, Set<Step> steps, String dataName, String networkName) {
        Set<Step> needed = EnumSet.noneOf(Step.class);
        if (data.height() != network.height() || data.width() != network.width()) {
            needed.add(Step.RESIZE);
        }
        if (data.channels() == 1 && network.channels() == 3) {
            needed.add(Step.GREY_TO_RGB);
        } else if (data.channels() == 3 && network.channels() == 1) {
            needed.add(Step.RGB_TO_GREY);
        }
        String shapes = networkName + " takes input " + network + " but " + dataName + " holds " + data;
        if (!steps.containsAll(needed)) {
            Set<Step> missing = EnumSet.copyOf(needed);
            missing.removeAll(steps);
            throw new UsageException(shapes + "; the shapes must match, or give --input-adapter "
                + needed.stream().map(Step::cliName).collect(Collectors.joining(",")) + " (missing: "
                + missing.stream().map(Step::cliName).collect(Collectors.joining(",")) + ")");
        }
        if (!needed.containsAll(steps)) {
            Set<Step> extra = EnumSet.copyOf(steps);
            extra.removeAll(needed);
            throw new UsageException(shapes + "; --input-adapter " + extra.stream().map(Step::cliName)
                .collect(Collectors.joining(",")) + " does not apply to these shapes");
        }
        return needed.isEmpty() ? null : new InputAdapter(data, network);
    }

    /** The record of shape {@link #from} starting at {@code offset} in {@code pixels}, adapted to {@link #to}. */
    public byte[] apply(byte[] pixels, int offset) {
        BufferedImage image = image(pixels, offset);
        if (from.height() != to.height() || from.width() != to.width()) {
            image = ImageDecoder.resized(image, to, ResizeMode.SCALE);
        }
        return ImageDecoder.pixels(image, to);
    }

    private BufferedImage image(byte[] pixels, int offset) {
        int h = from.height();
        int w = from.width();
        if (from.channels() == 1) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, w, h, Arrays.copyOfRange(pixels, offset, offset + h * w));
            return image;
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = offset + (y * w + x) * 3;
                image.setRGB(x, y, (pixels[p] & 0xFF) << 16 | (pixels[p + 1] & 0xFF) << 8 | (pixels[p + 2] & 0xFF));
            }
        }
        return image;
    }
}
