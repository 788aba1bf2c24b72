package io.dlspark.augment.boxes;

import io.dlspark.augment.Step;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxPipelineTest {
    private static final ImageShape SHAPE = new ImageShape(64, 64, 1);

    /** Random filled rectangles of varied values; object k has class k, so it can be followed through drops. */
    private static List<GroundTruth> objects(SplittableRandom random) {
        List<GroundTruth> objects = new ArrayList<>();
        int count = random.nextInt(1, 5);
        for (int k = 0; k < count; k++) {
            int w = random.nextInt(4, 25);
            int h = random.nextInt(4, 25);
            int x = random.nextInt(0, 64 - w + 1);
            int y = random.nextInt(0, 64 - h + 1);
            objects.add(new GroundTruth(new Box(x, y, x + w, y + h), k));
        }
        return objects;
    }

    /** The image holding only the objects in {@code only} (all when null), pixel value 90-250 by position. */
    private static byte[] render(List<GroundTruth> objects, Integer only) {
        byte[] pixels = new byte[SHAPE.size()];
        for (GroundTruth g : objects) {
            if (only != null && g.classId() != only) {
                continue;
            }
            Box b = g.box();
            for (int y = (int) b.y1(); y < b.y2(); y++) {
                for (int x = (int) b.x1(); x < b.x2(); x++) {
                    pixels[y * 64 + x] = (byte) (90 + (x * 7 + y * 3) % 160);
                }
            }
        }
        return pixels;
    }

    private static BoxPipeline pipeline(double minVisible) {
        return new BoxPipeline(11, List.of(
            new Step<BoxOp>("boxes.ops[0]", "flip-horizontal", 0.5, new BoxFlip()),
            new Step<BoxOp>("boxes.ops[1]", "crop", 0.7, new BoxCrop(0.5, 0)),
            new Step<BoxOp>("boxes.ops[2]", "translate", 0.7, new BoxTranslate(24, 24, 0))), minVisible, SHAPE);
    }

    @Test
    void everyKeptBoxStaysOnItsObject() {
        BoxPipeline pipeline = pipeline(0.3);
        SplittableRandom random = new SplittableRandom(5);
        int kept = 0;
        int dropped = 0;
        for (int r = 0; r < 150; r++) {
            List<GroundTruth> objects = objects(random);
            for (int epoch = 0; epoch < 3; epoch++) {
                String id = "rec-" + r;
                BoxedImage out = pipeline.apply(new BoxedImage(render(objects, null), SHAPE, objects), id, epoch);
                dropped += objects.size() - out.objects().size();
                for (GroundTruth g : out.objects()) {
                    kept++;
                    // the same record and epoch draw the same transform: augment this object alone and look
                    byte[] alone = pipeline.apply(new BoxedImage(render(objects, g.classId()), SHAPE, objects), id,
                        epoch).pixels();
                    int inside = 0;
                    for (int y = 0; y < 64; y++) {
                        for (int x = 0; x < 64; x++) {
                            if (alone[y * 64 + x] != 0) {
                                assertTrue(g.box().containsPixel(x, y),
                                    "record " + r + " epoch " + epoch + " object " + g.classId() + " pixel " + x + ","
                                        + y + " outside " + g.box());
                                inside++;
                            }
                        }
                    }
                    assertTrue(inside > 0, "record " + r + " epoch " + epoch + ": box " + g.box() + " is empty");
                }
            }
        }
        assertTrue(kept > 500 && dropped > 0, "kept " + kept + ", dropped " + dropped);
    }

    @Test
    void cropBoxesAreTightForAWholePixelZoom() {
        // window 32x32 at (8, 16) of a 64x64 image (scale 0.5): a box [10,20)-[14,24) zooms by 2 to [4,12)x[8,16),
        // widened by one output pixel each side for bilinear reach: [3,13) x [7,17)
        byte[] src = render(List.of(new GroundTruth(new Box(10, 20, 14, 24), 0)), null);
        byte[] dst = new byte[SHAPE.size()];
        List<Box> moved = BoxCrop.crop(src, dst, SHAPE, List.of(new Box(10, 20, 14, 24)), 8, 16, 32, 32, 0);
        assertEquals(List.of(new Box(3, 7, 13, 17)), moved);
        assertTrue(dst[7 * 64 + 3] != 0 && dst[16 * 64 + 12] != 0, "the widened edges do hold object pixels");
    }

    @Test
    void fullWindowCropChangesNothing() {
        List<GroundTruth> objects = objects(new SplittableRandom(3));
        byte[] src = render(objects, null);
        byte[] dst = new byte[SHAPE.size()];
        List<Box> boxes = objects.stream().map(GroundTruth::box).toList();
        assertEquals(boxes, new BoxCrop(1.0, 0).apply(src, dst, SHAPE, boxes, new AugmentRandom(1)));
        assertArrayEquals(src, dst);
    }

    @Test
    void flipMirrorsBoxesExactly() {
        Box box = new Box(3, 5, 10, 9);
        byte[] src = render(List.of(new GroundTruth(box, 0)), null);
        byte[] dst = new byte[SHAPE.size()];
        List<Box> moved = new BoxFlip().apply(src, dst, SHAPE, List.of(box), new AugmentRandom(1));
        assertEquals(List.of(new Box(54, 5, 61, 9)), moved);
        assertEquals(src[5 * 64 + 3], dst[5 * 64 + 60]);
    }

    @Test
    void translatedBoxesAreClippedOrDroppedByVisibleShare() {
        // shift everything by exactly (-20, 0): a box [10,0)-[30,10) keeps [0,10) of its 20 columns (half visible)
        BoxOp shiftLeft = (src, dst, shape, boxes, random) -> {
            io.dlspark.augment.image.Shift.copy(src, dst, shape, -20, 0, 0);
            return boxes.stream().map(b -> b.translate(-20, 0)).toList();
        };
        BoxedImage half = new BoxPipeline(1, List.of(new Step<>("k", "shift", 1.0, shiftLeft)), 0.5, SHAPE)
            .apply(image(new Box(10, 0, 30, 10)), "r", 0);
        assertEquals(List.of(new GroundTruth(new Box(0, 0, 10, 10), 0)), half.objects());
        BoxedImage gone = new BoxPipeline(1, List.of(new Step<>("k", "shift", 1.0, shiftLeft)), 0.51, SHAPE)
            .apply(image(new Box(10, 0, 30, 10)), "r", 0);
        assertEquals(List.of(), gone.objects());
    }

    @Test
    void sameRecordAndEpochGiveTheSameResultOthersDiffer() {
        BoxPipeline pipeline = pipeline(0.3);
        List<GroundTruth> objects = objects(new SplittableRandom(8));
        BoxedImage in = new BoxedImage(render(objects, null), SHAPE, objects);
        byte[] before = in.pixels().clone();
        BoxedImage a = pipeline.apply(in, "x", 1);
        BoxedImage b = pipeline.apply(in, "x", 1);
        assertArrayEquals(a.pixels(), b.pixels());
        assertEquals(a.objects(), b.objects());
        assertArrayEquals(before, in.pixels(), "the input is not modified");
        boolean anyDiffers = false;
        for (int epoch = 2; epoch < 8; epoch++) {
            anyDiffers |= !Arrays.equals(a.pixels(), pipeline.apply(in, "x", epoch).pixels());
        }
        assertTrue(anyDiffers);
    }

    @Test
    void translateThatCannotFitNamesItsKey() {
        UsageException e = assertThrows(UsageException.class, () -> new BoxPipeline(1,
            List.of(new Step<BoxOp>("boxes.ops[0]", "translate", 1.0, new BoxTranslate(64, 0, 0))), 0.5, SHAPE));
        assertTrue(e.getMessage().startsWith("boxes.ops[0]:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoxPipeline(1, List.of(), 0, SHAPE));
    }

    private static BoxedImage image(Box box) {
        List<GroundTruth> objects = List.of(new GroundTruth(box, 0));
        return new BoxedImage(render(objects, null), SHAPE, objects);
    }
}
