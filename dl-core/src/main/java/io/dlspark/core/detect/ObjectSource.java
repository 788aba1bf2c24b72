package io.dlspark.core.detect;

import java.io.Serializable;

/** Labelled grayscale object images of one size (for example one Fashion-MNIST split) that scenes are built from. */
public interface ObjectSource extends Serializable {

    /** The number of images; indices run from 0 to {@code size() - 1}. */
    int size();

    int height();

    int width();

    /** Image {@code index}: {@code height() * width()} uint8 pixels, row by row; 0 is background. */
    byte[] image(int index);

    /** The class of image {@code index}. */
    int label(int index);

    /** Images {@code [from, to)} of this source, renumbered from 0. */
    default ObjectSource range(int from, int to) {
        return new SourceRange(this, from, to);
    }
}
