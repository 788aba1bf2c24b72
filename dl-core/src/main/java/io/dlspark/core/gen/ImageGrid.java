package io.dlspark.core.gen;

import io.dlspark.core.data.ImageShape;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Lays images out in a grid and encodes it as PNG. Images come as rows of {@code [n, size]} values in [0, 1], in the
 * layout of dlspark minibatches: CHW for convolutional models, HWC otherwise (identical for one channel).
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /** The grid image: {@code columns} images per row, as many rows as needed, no spacing. */
    public static BufferedImage of(INDArray images, ImageShape shape, boolean chw, int columns) {
        int n = (int) images.size(0);
        int rows = (n + columns - 1) / columns;
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        BufferedImage grid = new BufferedImage(columns * w, rows * h,
            c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        float[] values = images.reshape((long) n * h * w * c).toFloatVector();
        for (int i = 0; i < n; i++) {
            int x0 = i % columns * w;
            int y0 = i / columns * h;
            int base = i * h * w * c;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int index = chw ? base + (ch * h + y) * w + x : base + (y * w + x) * c + ch;
                        rgb = rgb << 8 | Math.round(Math.max(0f, Math.min(1f, values[index])) * 255f);
                    }
                    grid.setRGB(x0 + x, y0 + y, c == 1 ? rgb << 16 | rgb << 8 | rgb : rgb);
                }
            }
        }
        return grid;
    }

    public static void writePng(INDArray images, ImageShape shape, boolean chw, int columns, OutputStream out)
        throws IOException {
        if (!ImageIO.write(of(images, shape, chw, columns), "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
    }
}
