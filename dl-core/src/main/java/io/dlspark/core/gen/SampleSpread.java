package io.dlspark.core.gen;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How much a set of images varies: the per-pixel standard deviation across the images, averaged over pixels. Near 0
 * when every latent code gives the same image (mode collapse); compared with the same measure on real images.
 */
public final class SampleSpread {
    private SampleSpread() {
    }

    /** The spread of {@code images}, one image per row (any trailing shape). */
    public static double of(INDArray images) {
        long rows = images.size(0);
        return images.reshape(rows, images.length() / rows).std(0).meanNumber().doubleValue();
    }
}
