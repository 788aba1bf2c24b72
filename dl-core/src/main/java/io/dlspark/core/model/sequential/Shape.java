package io.dlspark.core.model.sequential;

/**
 * The activations of one sample between layers: a flat vector ({@code channels} values), an image
 * ({@code channels x height x width}) or a sequence ({@code channels} features over {@code width} steps).
 */
public record Shape(Form form, int channels, int height, int width) {

    /** The three layouts. */
    public enum Form { FLAT, IMAGE, SEQUENCE }

    public static Shape flat(int size) {
        return new Shape(Form.FLAT, size, 1, 1);
    }

    public static Shape image(int channels, int height, int width) {
        return new Shape(Form.IMAGE, channels, height, width);
    }

    public static Shape sequence(int channels, int length) {
        return new Shape(Form.SEQUENCE, channels, 1, length);
    }

    public long size() {
        return (long) channels * height * width;
    }

    @Override
    public String toString() {
        return switch (form) {
            case FLAT -> Integer.toString(channels);
            case IMAGE -> channels + "x" + height + "x" + width;
            case SEQUENCE -> channels + "x" + width;
        };
    }
}
