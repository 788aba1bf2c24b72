package io.dlspark.augment.boxes;

import com.typesafe.config.ConfigFactory;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.dlspark.augment.boxes.BoxFixtures.SHAPE;
import static io.dlspark.augment.boxes.BoxFixtures.objects;
import static io.dlspark.augment.boxes.BoxFixtures.render;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxOpsTest {

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
    void opsAreReadFromTheirKeys() {
        Params crop = new Params(ConfigFactory.parseString("op = crop, min-scale = 0.6, fill = 7"), "augment.ops[1]",
            "op 'crop'");
        assertEquals(new BoxCrop(0.6, 7), BoxOps.parse("crop", crop));
        Params spin = new Params(ConfigFactory.parseString("op = spin"), "augment.ops[0]", "op 'spin'");
        UsageException e = assertThrows(UsageException.class, () -> BoxOps.parse("spin", spin));
        assertTrue(e.getMessage().startsWith("augment.ops[0].op: unknown box op 'spin'"), e.getMessage());
    }
}
