package io.dlspark.jobs.augment;

import io.dlspark.augment.ImagePipeline;
import io.dlspark.core.data.ImageShape;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws an augmentation preview: one row per record, the original first and its augmentations for epochs 0, 1, ...
 * beside it, enlarged by a whole factor to about {@link #TARGET_CELL} pixels, a white rule after the originals.
 */
public final class PreviewGrid {
    /** Pixels around and between the cells. */
    public static final int GAP = 4;
    /** Extra pixels between the originals and the augmented versions, holding a white rule. */
    public static final int RULE = 8;
    /** The cell size images are enlarged towards. */
    public static final int TARGET_CELL = 84;
    private static final int BACKGROUND = 0x808080;
    private static final int RULE_COLOUR = 0xFFFFFF;

    private PreviewGrid() {
    }

    /** The whole factor that enlarges an image of {@code shape} to about {@link #TARGET_CELL} pixels (at least 1). */
    public static int scale(ImageShape shape) {
        return Math.max(1, TARGET_CELL / Math.max(shape.height(), shape.width()));
    }

    /** The grid of {@code images} (uint8 HWC of {@code pipeline.shape()}), with {@code versions} augmentations each. */
    public static BufferedImage render(List<String> recordIds, List<byte[]> images, ImagePipeline pipeline, int versions) {
        ImageShape shape = pipeline.shape();
        int scale = scale(shape);
        int cellW = shape.width() * scale;
        int cellH = shape.height() * scale;
        int width = GAP + (1 + versions) * (cellW + GAP) + RULE;
        int height = GAP + images.size() * (cellH + GAP);
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                grid.setRGB(x, y, BACKGROUND);
            }
        }
        int ruleX = GAP + cellW + GAP + RULE / 2 - 1;
        for (int y = 0; y < height; y++) {
            grid.setRGB(ruleX, y, RULE_COLOUR);
            grid.setRGB(ruleX + 1, y, RULE_COLOUR);
        }
        for (int row = 0; row < images.size(); row++) {
            int top = GAP + row * (cellH + GAP);
            draw(grid, images.get(row), shape, scale, GAP, top);
            for (int v = 0; v < versions; v++) {
                int left = GAP + (1 + v) * (cellW + GAP) + RULE;
                draw(grid, pipeline.apply(images.get(row), recordIds.get(row), v), shape, scale, left, top);
            }
        }
        return grid;
    }

    private static void draw(BufferedImage grid, byte[] pixels, ImageShape shape, int scale, int left, int top) {
        int c = shape.channels();
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int at = (y * shape.width() + x) * c;
                int r = pixels[at] & 0xFF;
                int g = c >= 3 ? pixels[at + 1] & 0xFF : r;
                int b = c >= 3 ? pixels[at + 2] & 0xFF : r;
                int rgb = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        grid.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
                    }
                }
            }
        }
    }
}
