package io.dlspark.core.detect;

import java.util.SplittableRandom;

/**
 * Test objects: 28x28 images, each a seeded filled rectangle of values 40-255 with a one-pixel diagonal notch,
 * on zeros; labels {@code firstLabel + index % classes}.
 */
class SyntheticObjects implements ObjectSource {
    static final int SIDE = 28;
    private final byte[][] images;
    private final int firstLabel;
    private final int classes;

    SyntheticObjects(int count, long seed, int firstLabel, int classes) {
        this.firstLabel = firstLabel;
        this.classes = classes;
        this.images = new byte[count][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            byte[] image = new byte[SIDE * SIDE];
            int x0 = random.nextInt(0, 10);
            int y0 = random.nextInt(0, 10);
            int x1 = random.nextInt(x0 + 4, SIDE);
            int y1 = random.nextInt(y0 + 4, SIDE);
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    image[y * SIDE + x] = (byte) random.nextInt(40, 256);
                }
            }
            image[y0 * SIDE + x0] = 0;
            images[i] = image;
        }
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public int height() {
        return SIDE;
    }

    @Override
    public int width() {
        return SIDE;
    }

    @Override
    public byte[] image(int index) {
        return images[index].clone();
    }

    @Override
    public int label(int index) {
        return firstLabel + index % classes;
    }
}
