package io.dlspark.cli;

import io.dlspark.core.UsageException;

import java.util.Locale;

/** The {@code --tta} option of {@code evaluate} and {@code detect}: none, or flip (average with the mirror image). */
final class TtaMode {
    private TtaMode() {
    }

    /** Whether {@code value} asks for flip averaging; anything but none or flip is a one-line usage error. */
    static boolean flip(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> false;
            case "flip" -> true;
            default -> throw new UsageException("--tta: unknown mode '" + value + "' (expected none or flip)");
        };
    }
}
