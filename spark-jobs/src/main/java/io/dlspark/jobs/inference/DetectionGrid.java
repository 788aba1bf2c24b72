package io.dlspark.jobs.inference;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.Detection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws images with their detections (a coloured box per class, its class name and score) on one PNG, in a grid of
 * up to {@code columns} images per row, each image scaled up by {@code zoom}.
 */
final class DetectionGrid {
    private static final int COLUMNS = 4;
    private static final int ZOOM = 3;
    private static final int GAP = 4;

    private DetectionGrid() {
    }

    /** One image to draw: its uint8 HWC pixels and detections in its pixel coordinates. */
    record Tile(byte[] pixels, List<Detection> detections) {
    }

    /** The PNG of {@code tiles} of {@code shape}, labelled with {@code classNames}. */
    static byte[] png(List<Tile> tiles, ImageShape shape, List<String> classNames) throws IOException {
        int w = shape.width() * ZOOM;
        int h = shape.height() * ZOOM;
        int columns = Math.max(1, Math.min(COLUMNS, tiles.size()));
        int rows = Math.max(1, (tiles.size() + columns - 1) / columns);
        BufferedImage grid = new BufferedImage(columns * (w + GAP) + GAP, rows * (h + GAP) + GAP,
            BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.setStroke(new BasicStroke(2));
            for (int i = 0; i < tiles.size(); i++) {
                int left = GAP + (i % columns) * (w + GAP);
                int top = GAP + (i / columns) * (h + GAP);
                g.drawImage(image(tiles.get(i).pixels(), shape), left, top, w, h, null);
                for (Detection d : tiles.get(i).detections()) {
                    Box b = d.box();
                    g.setColor(Color.getHSBColor((d.classId() * 0.13f) % 1f, 0.9f, 1f));
                    g.drawRect(left + (int) Math.round(b.x1() * ZOOM), top + (int) Math.round(b.y1() * ZOOM),
                        (int) Math.round(b.width() * ZOOM), (int) Math.round(b.height() * ZOOM));
                    String name = d.classId() < classNames.size() ? classNames.get(d.classId()) : "class " + d.classId();
                    g.drawString(String.format(Locale.ROOT, "%s %.2f", name, d.score()),
                        left + (int) Math.round(b.x1() * ZOOM) + 2, top + (int) Math.round(b.y1() * ZOOM) + 11);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", out);
        return out.toByteArray();
    }

    private static BufferedImage image(byte[] pixels, ImageShape shape) {
        BufferedImage image = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        int c = shape.channels();
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int at = (y * shape.width() + x) * c;
                int r = pixels[at] & 0xFF;
                int gr = c == 1 ? r : pixels[at + 1] & 0xFF;
                int b = c == 1 ? r : pixels[at + 2] & 0xFF;
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }
}
