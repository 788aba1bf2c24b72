package io.dlspark.core.data;

import io.dlspark.core.fixtures.IdxFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {

    @Test
    void decodesGreyPngPixelsInRowMajorOrder() throws Exception {
        byte[] png = IdxFixtures.png(4, 5, 1, 10);
        byte[] pixels = new ImageDecoder(new ImageShape(4, 5, 1), ResizeMode.NONE).decode(png, "a.png");
        assertEquals(20, pixels.length);
        assertEquals(10 + 2 + 1, pixels[1 * 5 + 2] & 0xFF);
    }

    @Test
    void greyBecomesRgbByRepetition() throws Exception {
        byte[] pixels = new ImageDecoder(new ImageShape(4, 5, 3), ResizeMode.NONE).decode(IdxFixtures.png(4, 5, 1, 10), "a.png");
        assertEquals(60, pixels.length);
        assertEquals(pixels[3], pixels[4]);
        assertEquals(pixels[3], pixels[5]);
    }

    @Test
    void probesShapeAndChannels() throws Exception {
        assertEquals(new ImageShape(6, 7, 3), ImageDecoder.probeShape(IdxFixtures.png(6, 7, 3, 0), "rgb.png"));
        assertEquals(new ImageShape(6, 7, 1), ImageDecoder.probeShape(IdxFixtures.png(6, 7, 1, 0), "grey.png"));
    }

    @Test
    void otherSizeIsBadWithoutResize() throws IOException {
        BadRecordException e = assertThrows(BadRecordException.class,
            () -> new ImageDecoder(new ImageShape(4, 4, 1), ResizeMode.NONE).decode(IdxFixtures.png(8, 8, 1, 0), "big.png"));
        assertEquals("big.png", e.source());
        assertTrue(e.reason().contains("8x8"), e.reason());
    }

    @Test
    void scalesAndCropsToTheDeclaredShape() throws Exception {
        byte[] png = IdxFixtures.png(16, 32, 3, 0);
        assertEquals(8 * 8 * 3, new ImageDecoder(new ImageShape(8, 8, 3), ResizeMode.SCALE).decode(png, "x").length);
        assertEquals(8 * 8 * 1, new ImageDecoder(new ImageShape(8, 8, 1), ResizeMode.CENTER_CROP).decode(png, "x").length);
    }

    @Test
    void corruptEmptyAndNonImageFilesAreBadRecords() throws IOException {
        ImageDecoder decoder = new ImageDecoder(new ImageShape(4, 5, 1), ResizeMode.NONE);
        byte[] png = IdxFixtures.png(4, 5, 1, 0);
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThrows(BadRecordException.class, () -> decoder.decode(truncated, "cut.png"));
        BadRecordException empty = assertThrows(BadRecordException.class, () -> decoder.decode(new byte[0], "empty.png"));
        assertEquals("empty file", empty.reason());
        BadRecordException text = assertThrows(BadRecordException.class,
            () -> decoder.decode("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), "notes.txt"));
        assertTrue(text.reason().contains("not a PNG or JPEG"), text.reason());
    }
}
