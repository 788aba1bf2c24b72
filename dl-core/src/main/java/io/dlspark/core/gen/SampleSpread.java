package io.dlspark.core.gen;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How much a set of generated images varies: the per-pixel standard deviation across the images, averaged over
 * pixels. Near 0 when every latent code gives the same image (mode collapse).
 */
public final class SampleSpread {
    /** Below this spread (pixel values in [0, 1]) samples are taken to have stopped varying. */
    public static final double COLLAPSE_THRESHOLD = 0.02;
    /** Below this discriminator loss the discriminator is taken to have won (the generator gets no signal). */
    public static final double DISCRIMINATOR_ZERO = 1e-3;

    private SampleSpread() {
    }

    public static double of(INDArray images) {
        return images.std(0).meanNumber().doubleValue();
    }
}
