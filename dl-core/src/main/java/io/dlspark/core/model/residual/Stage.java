package io.dlspark.core.model.residual;

import java.io.Serializable;

/**
 * One stage of a residual network: {@code blocks} basic blocks of {@code width} channels, the first of which
 * convolves with {@code stride} (and takes a projection shortcut when the stride or the width changes).
 */
public record Stage(int blocks, int width, int stride) implements Serializable {
}
