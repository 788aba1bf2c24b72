package io.dlspark.augment.image;

import io.dlspark.augment.Fixtures;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageOpsTest {
    private static final ImageShape GREY = new ImageShape(28, 28, 1);
    private static final ImageShape RGB = new ImageShape(5, 7, 3);

    private static byte[] run(ImageOp op, byte[] src, ImageShape shape, long seed) {
        byte[] dst = new byte[shape.size()];
        op.apply(src, dst, shape, new AugmentRandom(seed));
        return dst;
    }

    private static int at(byte[] pixels, ImageShape shape, int y, int x, int k) {
        return pixels[(y * shape.width() + x) * shape.channels() + k] & 0xFF;
    }

    @ParameterizedTest
    @EnumSource(Flip.Axis.class)
    void flipTwiceIsTheIdentity(Flip.Axis axis) {
        for (ImageShape shape : List.of(GREY, RGB)) {
            byte[] image = Fixtures.randomImage(shape.size(), 1);
            Flip flip = new Flip(axis);
            byte[] once = run(flip, image, shape, 0);
            assertArrayEquals(image, run(flip, once, shape, 0));
        }
    }

    @Test
    void horizontalFlipMirrorsColumnsAndKeepsChannelOrder() {
        byte[] image = Fixtures.randomImage(RGB.size(), 2);
        byte[] flipped = run(new Flip(Flip.Axis.HORIZONTAL), image, RGB, 0);
        for (int k = 0; k < 3; k++) {
            assertEquals(at(image, RGB, 1, 0, k), at(flipped, RGB, 1, 6, k));
        }
        byte[] vertical = run(new Flip(Flip.Axis.VERTICAL), image, RGB, 0);
        assertEquals(at(image, RGB, 0, 2, 1), at(vertical, RGB, 4, 2, 1));
    }

    @Test
    void rotationByZeroIsTheIdentity() {
        for (ImageShape shape : List.of(GREY, RGB)) {
            byte[] image = Fixtures.randomImage(shape.size(), 3);
            for (long seed = 0; seed < 5; seed++) {
                assertArrayEquals(image, run(new Rotate(0, 77), image, shape, seed));
            }
        }
    }

    @Test
    void rotationMovesPixelsAboutTheCentreAndFillsCorners() {
        ImageShape shape = new ImageShape(9, 9, 1);
        byte[] image = new byte[shape.size()];
        Arrays.fill(image, (byte) 200);
        byte[] rotated = run(new Rotate(45, 10), image, shape, 0);
        assertEquals(200, at(rotated, shape, 4, 4, 0), "the centre stays");
        assertTrue(at(rotated, shape, 0, 0, 0) < 100, "a corner is mostly fill after 45 degrees or less");
    }

    @Test
    void aQuarterTurnMovesEveryPixelExactly() {
        ImageShape shape = new ImageShape(6, 6, 3);
        byte[] image = Fixtures.randomImage(shape.size(), 4);
        byte[] out = new byte[shape.size()];
        Bilinear.rotateScale(image, out, shape, Math.PI / 2, 1.0, 0);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(at(image, shape, 5 - x, y, k), at(out, shape, y, x, k), y + "," + x + "," + k);
                }
            }
        }
    }

    @Test
    void cropKeepsTheShapeAndShiftsWithinThePadding() {
        byte[] image = Fixtures.randomImage(GREY.size(), 5);
        RandomCrop crop = new RandomCrop(28, 28, 2, 0);
        for (long seed = 0; seed < 20; seed++) {
            byte[] out = run(crop, image, GREY, seed);
            assertEquals(GREY.size(), out.length);
            assertTrue(isShiftOf(image, out, GREY, 2), "seed " + seed + ": a shift of at most 2 pixels");
        }
        assertArrayEquals(image, run(new RandomCrop(28, 28, 0, 0), image, GREY, 1), "no padding, full size: identity");
        assertEquals(GREY.size(), run(new RandomCrop(20, 24, 0, 0), image, GREY, 1).length);
        assertEquals(RGB.size(), run(new RandomCrop(3, 4, 1, 0), Fixtures.randomImage(RGB.size(), 1), RGB, 1).length);
    }

    @Test
    void cropLargerThanThePaddedImageIsRejectedWithTheKey() {
        UsageException e = assertThrows(UsageException.class,
            () -> new RandomCrop(40, 40, 2, 0).checkFits(GREY, "augment.ops[1]"));
        assertTrue(e.getMessage().startsWith("augment.ops[1].size: crop 40x40 is larger than the padded image 32x32"),
            e.getMessage());
        new RandomCrop(32, 32, 2, 0).checkFits(GREY, "augment.ops[1]");
    }

    @Test
    void translateShiftsByWholePixelsWithFill() {
        ImageShape shape = new ImageShape(4, 4, 1);
        byte[] image = Fixtures.randomImage(shape.size(), 6);
        byte[] out = run(new Translate(1, 1, 9), image, shape, 3);
        assertTrue(isShiftOf(image, out, shape, 1));
        assertArrayEquals(image, run(new Translate(0, 0, 9), image, shape, 3));
        assertThrows(UsageException.class, () -> new Translate(4, 0, 0).checkFits(shape, "augment.ops[0]"));
    }

    @Test
    void zoomByOneIsTheIdentityAndZoomInMagnifiesTheCentre() {
        byte[] image = Fixtures.randomImage(GREY.size(), 7);
        assertArrayEquals(image, run(new Zoom(1, 1, 0), image, GREY, 0));
        ImageShape shape = new ImageShape(9, 9, 1);
        byte[] dot = new byte[shape.size()];
        dot[4 * 9 + 4] = (byte) 255;
        byte[] zoomed = run(new Zoom(2, 2, 0), dot, shape, 0);
        assertTrue(at(zoomed, shape, 4, 5, 0) > 0, "the dot spreads to its neighbours");
    }

    @Test
    void brightnessAndContrastStayInRangeAndNoDeltaIsIdentity() {
        byte[] image = Fixtures.randomImage(RGB.size(), 8);
        assertArrayEquals(image, run(new Brightness(0), image, RGB, 1));
        assertArrayEquals(image, run(new Contrast(0), image, RGB, 1));
        byte[] flat = new byte[RGB.size()];
        Arrays.fill(flat, (byte) 100);
        byte[] brighter = run(new Brightness(0.5), flat, RGB, 2);
        int factorTimes100 = at(brighter, RGB, 0, 0, 0);
        assertTrue(factorTimes100 >= 50 && factorTimes100 <= 150);
        assertArrayEquals(flat, run(new Contrast(1), flat, RGB, 3), "a flat image has no contrast to change");
    }

    @Test
    void gaussianNoiseHasTheConfiguredSpread() {
        byte[] grey = new byte[100 * 100];
        Arrays.fill(grey, (byte) 128);
        ImageShape shape = new ImageShape(100, 100, 1);
        byte[] noisy = run(new GaussianNoise(10), grey, shape, 4);
        double sum = 0;
        double squares = 0;
        for (byte b : noisy) {
            double d = (b & 0xFF) - 128;
            sum += d;
            squares += d * d;
        }
        double mean = sum / noisy.length;
        double sd = Math.sqrt(squares / noisy.length - mean * mean);
        assertEquals(0, mean, 0.5);
        assertEquals(10, sd, 0.5);
        assertArrayEquals(grey, run(new GaussianNoise(0), grey, shape, 4));
    }

    @Test
    void erasingFillsOneRectangleOnly() {
        byte[] image = new byte[GREY.size()];
        Arrays.fill(image, (byte) 50);
        byte[] out = run(new RandomErasing(0.1, 0.1, 1, 1, 255), image, GREY, 5);
        int filled = 0;
        int minX = 99;
        int maxX = -1;
        int minY = 99;
        int maxY = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = at(out, GREY, y, x, 0);
                assertTrue(v == 50 || v == 255);
                if (v == 255) {
                    filled++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        assertEquals((maxX - minX + 1) * (maxY - minY + 1), filled, "a full rectangle");
        assertEquals(81, filled, "sqrt(0.1 * 784) rounds to 9: 9x9");
    }

    @Test
    void opsDoNotModifyTheirInputAndAreDeterministic() {
        List<ImageOp> ops = List.of(new Flip(Flip.Axis.HORIZONTAL), new Rotate(30, 0), new RandomCrop(4, 5, 1, 0),
            new Translate(2, 1, 0), new Zoom(0.8, 1.2, 0), new Brightness(0.3), new Contrast(0.3),
            new GaussianNoise(5), new RandomErasing(0.02, 0.3, 0.3, 3.3, 0));
        byte[] image = Fixtures.randomImage(RGB.size(), 9);
        for (ImageOp op : ops) {
            byte[] copy = image.clone();
            byte[] first = run(op, image, RGB, 42);
            assertArrayEquals(copy, image, op + " left its input alone");
            assertArrayEquals(first, run(op, image, RGB, 42), op + " is deterministic");
            assertEquals(op, Fixtures.roundTrip(op), op + " survives serialization");
        }
    }

    private static boolean isShiftOf(byte[] image, byte[] out, ImageShape shape, int max) {
        for (int dy = -max; dy <= max; dy++) {
            for (int dx = -max; dx <= max; dx++) {
                if (matchesShift(image, out, shape, dx, dy)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesShift(byte[] image, byte[] out, ImageShape shape, int dx, int dy) {
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int sy = y - dy;
                int sx = x - dx;
                boolean inside = sy >= 0 && sx >= 0 && sy < shape.height() && sx < shape.width();
                if (inside && at(out, shape, y, x, 0) != at(image, shape, sy, sx, 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
