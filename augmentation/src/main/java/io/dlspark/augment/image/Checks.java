package io.dlspark.augment.image;

/** Parameter checks of the op records and the clamp shared by the pixel-value ops. */
final class Checks {

    private Checks() {
    }

    /** Rejects a parameter outside [min, max]; the config reader has named the key before this last guard. */
    static void range(String name, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    static void pixel(String name, int value) {
        range(name, value, 0, 255);
    }

    /** Rounds to the nearest pixel value in 0-255. */
    static byte clampToPixel(double value) {
        if (value <= 0) {
            return 0;
        }
        if (value >= 255) {
            return (byte) 255;
        }
        return (byte) (int) (value + 0.5);
    }
}
