package io.dlspark.augment;

import com.typesafe.config.ConfigFactory;
import io.dlspark.augment.boxes.BoxCrop;
import io.dlspark.augment.boxes.BoxFlip;
import io.dlspark.augment.boxes.BoxOp;
import io.dlspark.augment.boxes.BoxTranslate;
import io.dlspark.augment.boxes.BoxedImage;
import io.dlspark.core.UsageException;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.dlspark.augment.boxes.BoxFixtures.SHAPE;
import static io.dlspark.augment.boxes.BoxFixtures.objects;
import static io.dlspark.augment.boxes.BoxFixtures.render;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxPipelineTest {
    private static BoxPipeline pipeline(double minVisible) {
        return BoxPipeline.create(new BoxAugmentConfig(11, List.of(
            new Step<BoxOp>("augment.ops[0]", "flip-horizontal", 0.5, new BoxFlip()),
            new Step<BoxOp>("augment.ops[1]", "crop", 0.7, new BoxCrop(0.5, 0)),
            new Step<BoxOp>("augment.ops[2]", "translate", 0.7, new BoxTranslate(24, 24, 0))), minVisible), SHAPE);
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
    void translatedBoxesAreClippedOrDroppedByVisibleShare() {
        // shift everything by exactly (-20, 0): a box [10,0)-[30,10) keeps [0,10) of its 20 columns (half visible)
        BoxOp shiftLeft = (src, dst, shape, boxes, random) -> {
            io.dlspark.augment.image.Shift.copy(src, dst, shape, -20, 0, 0);
            return boxes.stream().map(b -> b.translate(-20, 0)).toList();
        };
        BoxedImage half = BoxPipeline.create(new BoxAugmentConfig(1, List.of(new Step<>("k", "shift", 1.0, shiftLeft)),
                0.5), SHAPE)
            .apply(image(new Box(10, 0, 30, 10)), "r", 0);
        assertEquals(List.of(new GroundTruth(new Box(0, 0, 10, 10), 0)), half.objects());
        BoxedImage gone = BoxPipeline.create(new BoxAugmentConfig(1, List.of(new Step<>("k", "shift", 1.0, shiftLeft)),
                0.51), SHAPE)
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
        UsageException e = assertThrows(UsageException.class, () -> BoxPipeline.create(new BoxAugmentConfig(1,
            List.of(new Step<BoxOp>("augment.ops[0]", "translate", 1.0, new BoxTranslate(64, 0, 0))), 0.5), SHAPE));
        assertTrue(e.getMessage().startsWith("augment.ops[0]:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoxAugmentConfig(1, List.of(), 0.5));
    }

    @Test
    void configFilesDescribeBoxPipelines() {
        AugmentConfig config = AugmentConfigs.parse(ConfigFactory.parseString(
            "augment { records = boxes, seed = 5, min-visible = 0.4, ops = ["
                + " { op = flip-horizontal, p = 0.5 }, { op = crop, p = 0.7, min-scale = 0.5 },"
                + " { op = translate, p = 0.7, max-dx = 24, max-dy = 24 } ] }"), "test");
        BoxAugmentConfig boxes = (BoxAugmentConfig) config;
        assertEquals(0.4, boxes.minVisible(), 0);
        assertEquals(List.of(new BoxFlip(), new BoxCrop(0.5, 0), new BoxTranslate(24, 24, 0)),
            boxes.steps().stream().map(Step::op).toList());
        List<GroundTruth> objects = objects(new SplittableRandom(4));
        BoxedImage in = new BoxedImage(render(objects, null), SHAPE, objects);
        BoxedImage viaFile = BoxPipeline.create(config, SHAPE).apply(in, "r", 2);
        BoxedImage direct = BoxPipeline.create(new BoxAugmentConfig(5, boxes.steps(), 0.4), SHAPE).apply(in, "r", 2);
        assertArrayEquals(direct.pixels(), viaFile.pixels());
        assertEquals(direct.objects(), viaFile.objects());
        UsageException e = assertThrows(UsageException.class, () -> AugmentConfigs.parse(ConfigFactory.parseString(
            "augment { records = boxes, seed = 5, min-visible = 0, ops = [{ op = flip-horizontal }] }"), "test"));
        assertTrue(e.getMessage().startsWith("augment.min-visible"), e.getMessage());
        UsageException wrong = assertThrows(UsageException.class, () -> ImagePipeline.create(config, SHAPE));
        assertTrue(wrong.getMessage().contains("boxes records, not images"), wrong.getMessage());
    }

    private static BoxedImage image(Box box) {
        List<GroundTruth> objects = List.of(new GroundTruth(box, 0));
        return new BoxedImage(render(objects, null), SHAPE, objects);
    }
}
