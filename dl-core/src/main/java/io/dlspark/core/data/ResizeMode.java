package io.dlspark.core.data;

/** How an image of another size is brought to the declared shape. */
public enum ResizeMode {
    /** No resizing: an image of another size is a bad record. */
    NONE,
    /** Bilinear scaling to the declared height and width, ignoring aspect ratio. */
    SCALE,
    /** Scale the shorter side to fit, then cut the centre. */
    CENTER_CROP
}
