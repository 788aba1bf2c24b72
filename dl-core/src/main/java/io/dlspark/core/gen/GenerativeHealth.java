package io.dlspark.core.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-epoch divergence and collapse checks of generative training: a GAN diverges when its discriminator loss
 * reaches its floor, and samples have collapsed when the fixed-noise samples vary less than {@link #COLLAPSE_FRACTION}
 * of what real images vary.
 */
public final class GenerativeHealth {
    /** Sample spread below this fraction of the real images' spread counts as mode collapse. */
    public static final double COLLAPSE_FRACTION = 0.25;
    /** A discriminator loss within this distance of its floor counts as the discriminator having won. */
    public static final double DISCRIMINATOR_MARGIN = 1e-3;

    private GenerativeHealth() {
    }

    /** The lowest discriminator loss reachable with real target {@code realLabel}: H(realLabel) / 2 in nats. */
    public static double discriminatorFloor(double realLabel) {
        return realLabel >= 1.0 ? 0.0 : -(realLabel * Math.log(realLabel) + (1 - realLabel) * Math.log(1 - realLabel)) / 2;
    }

    /**
     * The warnings for one epoch: {@code trainLosses} by name (a GAN's {@code discriminator}), the spread of the
     * fixed-noise samples and of real images.
     */
    public static List<String> warnings(GenerativeFamily family, GenerativeSettings settings,
                                        Map<String, Double> trainLosses, double sampleSpread, double realSpread) {
        List<String> warnings = new ArrayList<>();
        if (family == GenerativeFamily.GAN) {
            double loss = trainLosses.get("discriminator");
            double floor = discriminatorFloor(settings.realLabel());
            if (loss - floor < DISCRIMINATOR_MARGIN) {
                warnings.add(String.format(Locale.ROOT, "discriminator loss %.4f is at its floor %.4f: the discriminator "
                    + "wins and the generator gets no gradient (divergence); lower the discriminator's learning rate "
                    + "or discriminator-steps", loss, floor));
            }
        }
        if (sampleSpread < COLLAPSE_FRACTION * realSpread) {
            warnings.add(String.format(Locale.ROOT, "samples from the fixed noise stopped varying (pixel spread %.4f, "
                + "below %.0f%% of the real images' %.4f): mode collapse", sampleSpread, 100 * COLLAPSE_FRACTION, realSpread));
        }
        return warnings;
    }
}
