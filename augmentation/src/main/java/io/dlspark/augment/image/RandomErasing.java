package io.dlspark.augment.image;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.data.ImageShape;

import java.util.Arrays;

/**
 * Random erasing (cutout): fills one rectangle with {@code fill}. Its area is a fraction uniform in
 * [minArea, maxArea] of the image and its height/width ratio log-uniform in [minAspect, maxAspect]; after
 * {@value #ATTEMPTS} draws that do not fit, the image is left unchanged.
 */
public record RandomErasing(double minArea, double maxArea, double minAspect, double maxAspect, int fill)
    implements ImageOp {

    static final int ATTEMPTS = 10;

    public RandomErasing {
        Checks.range("min-area", minArea, 0, 1);
        Checks.range("max-area", maxArea, minArea, 1);
        Checks.range("min-aspect", minAspect, 0.01, 100);
        Checks.range("max-aspect", maxAspect, minAspect, 100);
        Checks.pixel("fill", fill);
    }

    @Override
    public void apply(byte[] src, byte[] dst, ImageShape shape, AugmentRandom random) {
        System.arraycopy(src, 0, dst, 0, src.length);
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        double logMin = StrictMath.log(minAspect);
        double logMax = StrictMath.log(maxAspect);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double area = random.uniform(minArea, maxArea) * h * w;
            double aspect = StrictMath.exp(random.uniform(logMin, logMax));
            int eh = (int) Math.round(Math.sqrt(area * aspect));
            int ew = (int) Math.round(Math.sqrt(area / aspect));
            if (eh < 1 || ew < 1 || eh > h || ew > w) {
                continue;
            }
            int top = random.nextInt(h - eh + 1);
            int left = random.nextInt(w - ew + 1);
            for (int y = top; y < top + eh; y++) {
                int from = (y * w + left) * c;
                Arrays.fill(dst, from, from + ew * c, (byte) fill);
            }
            return;
        }
    }
}
