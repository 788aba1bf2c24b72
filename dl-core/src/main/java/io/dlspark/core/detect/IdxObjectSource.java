package io.dlspark.core.detect;

import io.dlspark.core.DataException;
import io.dlspark.core.data.IdxFile;

import java.util.Arrays;

/** An {@link ObjectSource} over an IDX image file and its label file, such as Fashion-MNIST's t10k pair. */
public final class IdxObjectSource implements ObjectSource {
    private static final long serialVersionUID = 1L;

    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;

    /** Checks that {@code images} holds N x H x W images and {@code labels} N labels, naming the file otherwise. */
    public IdxObjectSource(IdxFile images, IdxFile labels) {
        if (images.dims().length != 3) {
            throw new DataException(images.source() + ": expected images of 3 IDX dimensions (N x H x W), got "
                + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new DataException(labels.source() + ": expected labels of 1 IDX dimension, got "
                + Arrays.toString(labels.dims()));
        }
        if (images.completeRecords() != images.declaredRecords()) {
            throw new DataException(images.source() + ": truncated, " + images.completeRecords() + " of "
                + images.declaredRecords() + " images");
        }
        if (labels.completeRecords() != images.completeRecords()) {
            throw new DataException(labels.source() + ": " + labels.completeRecords() + " labels for "
                + images.completeRecords() + " images in " + images.source());
        }
        this.height = images.dims()[1];
        this.width = images.dims()[2];
        this.pixels = images.data();
        this.labels = new int[labels.completeRecords()];
        for (int i = 0; i < this.labels.length; i++) {
            this.labels[i] = labels.unsignedValue(i);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public byte[] image(int index) {
        int size = height * width;
        return Arrays.copyOfRange(pixels, index * size, (index + 1) * size);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }
}
