package io.dlspark.core.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import javax.imageio.ImageIO;

/**
 * Decodes PNG and JPEG bytes into uint8 pixels in HWC order with a declared shape. Grey images become RGB by
 * repetition and colour images grey by luminance when the channel count asks for it.
 */
public final class ImageDecoder implements Serializable {
    private final ImageShape shape;
    private final ResizeMode resize;

    public ImageDecoder(ImageShape shape, ResizeMode resize) {
        this.shape = shape;
        this.resize = resize;
    }

    /** The shape of an encoded image, keeping its own channel count where it is grey or colour. */
    public static ImageShape probeShape(byte[] encoded, String source) throws BadRecordException {
        BufferedImage image = readImage(encoded, source);
        int channels = image.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
        return new ImageShape(image.getHeight(), image.getWidth(), channels);
    }

    /** Decodes one image; a file that is not a readable image, or of another size under {@link ResizeMode#NONE}, is a bad record. */
    public byte[] decode(byte[] encoded, String source) throws BadRecordException {
        BufferedImage image = readImage(encoded, source);
        if (image.getHeight() != shape.height() || image.getWidth() != shape.width()) {
            if (resize == ResizeMode.NONE) {
                throw new BadRecordException(source, "image is " + image.getHeight() + "x" + image.getWidth()
                    + ", not the common " + shape.height() + "x" + shape.width() + " (give --image-shape and --resize to resize)");
            }
            image = resized(image, shape, resize);
        }
        return pixels(image, shape);
    }

    private static BufferedImage readImage(byte[] encoded, String source) throws BadRecordException {
        if (encoded.length == 0) {
            throw new BadRecordException(source, "empty file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new BadRecordException(source, "corrupt image: " + e.getMessage());
        }
        if (image == null) {
            throw new BadRecordException(source, "not a PNG or JPEG image");
        }
        return image;
    }

    /** {@code image} brought to the height and width of {@code shape} by {@code resize} (not {@link ResizeMode#NONE}). */
    static BufferedImage resized(BufferedImage image, ImageShape shape, ResizeMode resize) {
        int srcX = 0;
        int srcY = 0;
        int srcW = image.getWidth();
        int srcH = image.getHeight();
        if (resize == ResizeMode.CENTER_CROP) {
            double scale = Math.max((double) shape.width() / srcW, (double) shape.height() / srcH);
            int keepW = (int) Math.round(shape.width() / scale);
            int keepH = (int) Math.round(shape.height() / scale);
            srcX = (srcW - keepW) / 2;
            srcY = (srcH - keepH) / 2;
            srcW = keepW;
            srcH = keepH;
        }
        BufferedImage out = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, shape.width(), shape.height(), srcX, srcY, srcX + srcW, srcY + srcH, null);
        g.dispose();
        return out;
    }

    /** The uint8 HWC pixels of {@code image} with the channels of {@code shape}: grey repeated to RGB, RGB to grey by luminance. */
    static byte[] pixels(BufferedImage image, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        byte[] out = new byte[h * w * c];
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        int greyShift = grey ? Math.max(0, image.getColorModel().getComponentSize(0) - 8) : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (y * w + x) * c;
                if (grey) {
                    int v = image.getRaster().getSample(x, y, 0) >> greyShift;
                    for (int k = 0; k < c; k++) {
                        out[base + k] = (byte) v;
                    }
                } else {
                    int rgb = image.getRGB(x, y);
                    int r = (rgb >> 16) & 0xFF;
                    int g = (rgb >> 8) & 0xFF;
                    int b = rgb & 0xFF;
                    if (c == 1) {
                        out[base] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                    } else {
                        out[base] = (byte) r;
                        out[base + 1] = (byte) g;
                        out[base + 2] = (byte) b;
                    }
                }
            }
        }
        return out;
    }
}
