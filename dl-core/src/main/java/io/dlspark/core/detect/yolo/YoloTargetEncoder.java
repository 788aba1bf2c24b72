package io.dlspark.core.detect.yolo;

import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Builds the labels DL4J's {@code Yolo2OutputLayer} expects, [batch, 4 + C, gridH, gridW]: at the cell holding an
 * object's centre, corners x1, y1, x2, y2 in grid units and a one-hot class; zeros elsewhere. Of two objects centred in
 * one cell the larger is kept.
 */
public final class YoloTargetEncoder {
    private final YoloGrid grid;

    public YoloTargetEncoder(YoloGrid grid) {
        this.grid = grid;
    }

    /** The labels of a minibatch: one list of objects per image, in pixel coordinates of the grid's image size. */
    public INDArray encode(List<List<GroundTruth>> batch) {
        int gw = grid.gridWidth();
        int gh = grid.gridHeight();
        int channels = 4 + grid.classes();
        float[] labels = new float[batch.size() * channels * gh * gw];
        for (int i = 0; i < batch.size(); i++) {
            double[] areaAt = new double[gh * gw];
            for (GroundTruth object : batch.get(i)) {
                if (object.classId() >= grid.classes()) {
                    throw new IllegalArgumentException("image " + i + " of the batch: class " + object.classId()
                        + " is not below the class count " + grid.classes());
                }
                Box b = object.box();
                int cx = cell(b.centerX() / grid.cellWidth(), gw);
                int cy = cell(b.centerY() / grid.cellHeight(), gh);
                int at = cy * gw + cx;
                if (b.area() <= areaAt[at]) {
                    continue;
                }
                areaAt[at] = b.area();
                int base = i * channels * gh * gw + at;
                int plane = gh * gw;
                labels[base] = (float) (b.x1() / grid.cellWidth());
                labels[base + plane] = (float) (b.y1() / grid.cellHeight());
                labels[base + 2 * plane] = (float) (b.x2() / grid.cellWidth());
                labels[base + 3 * plane] = (float) (b.y2() / grid.cellHeight());
                for (int c = 0; c < grid.classes(); c++) {
                    labels[base + (4 + c) * plane] = c == object.classId() ? 1f : 0f;
                }
            }
        }
        return Nd4j.create(labels, new long[]{batch.size(), channels, gh, gw}, 'c');
    }

    private static int cell(double position, int cells) {
        return Math.max(0, Math.min(cells - 1, (int) Math.floor(position)));
    }
}
