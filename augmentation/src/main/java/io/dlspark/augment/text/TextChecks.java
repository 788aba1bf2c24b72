package io.dlspark.augment.text;

/** Parameter checks of the text op records; the config reader has named the key before this last guard. */
final class TextChecks {

    private TextChecks() {
    }

    static void fraction(String name, double value) {
        if (Double.isNaN(value) || value < 0 || value > 1) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
