package io.dlspark.core.data;

import io.dlspark.core.UsageException;

import java.io.Serializable;

/** Height, width and channels of an image stored as uint8 in HWC order. */
public record ImageShape(int height, int width, int channels) implements Serializable {

    public ImageShape {
        if (height <= 0 || width <= 0) {
            throw new UsageException("image shape " + height + "x" + width + "x" + channels + ": height and width must be positive");
        }
        if (channels != 1 && channels != 3) {
            throw new UsageException("image shape " + height + "x" + width + "x" + channels + ": channels must be 1 (grey) or 3 (RGB)");
        }
    }

    /** Parses {@code HxWxC}, for example {@code 28x28x1}; {@code option} names the source in errors. */
    public static ImageShape parse(String text, String option) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new UsageException(option + ": '" + text + "' is not a shape of the form HxWxC such as 28x28x1");
        }
        try {
            return new ImageShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + text + "' is not a shape of the form HxWxC such as 28x28x1");
        }
    }

    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
