package io.dlspark.core.detect.yolo;

import io.dlspark.core.UsageException;

import java.io.Serializable;

/**
 * The geometry of a YOLOv2 output: an image of {@code imageWidth x imageHeight} pixels seen as a grid of
 * {@code gridWidth x gridHeight} cells, with {@code classes} classes. Converts between pixels and grid units.
 */
public record YoloGrid(int imageWidth, int imageHeight, int gridWidth, int gridHeight, int classes)
    implements Serializable {

    public YoloGrid {
        if (imageWidth < 1 || imageHeight < 1 || gridWidth < 1 || gridHeight < 1) {
            throw new UsageException("yolo grid: image " + imageWidth + "x" + imageHeight + " and grid " + gridWidth
                + "x" + gridHeight + " must be positive");
        }
        if (gridWidth > imageWidth || gridHeight > imageHeight) {
            throw new UsageException("yolo grid: grid " + gridWidth + "x" + gridHeight + " is finer than the image "
                + imageWidth + "x" + imageHeight);
        }
        if (classes < 1) {
            throw new UsageException("yolo grid: classes must be >= 1, got " + classes);
        }
    }

    /** Pixels per cell across. */
    public double cellWidth() {
        return (double) imageWidth / gridWidth;
    }

    /** Whether the cells tile the image width exactly, so a left-right mirror of the image maps cells onto cells. */
    public boolean wholeCellsAcross() {
        return imageWidth % gridWidth == 0;
    }

    /** Pixels per cell down. */
    public double cellHeight() {
        return (double) imageHeight / gridHeight;
    }
}
