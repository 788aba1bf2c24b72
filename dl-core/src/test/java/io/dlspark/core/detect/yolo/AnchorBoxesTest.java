package io.dlspark.core.detect.yolo;

import io.dlspark.core.detect.Box;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnchorBoxesTest {
    private static final YoloGrid GRID = new YoloGrid(96, 96, 6, 6, 10);

    /** Boxes around three shapes (in 16-px cells): 1x1, 3x1 (wide), 1x3 (tall), +-10% each side. */
    private static List<Box> threeShapes(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] shapes = {{16, 16}, {48, 16}, {16, 48}};
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] s = shapes[i % 3];
            double w = s[0] * random.nextDouble(0.9, 1.1);
            double h = s[1] * random.nextDouble(0.9, 1.1);
            double x = random.nextDouble(0, 96 - w);
            double y = random.nextDouble(0, 96 - h);
            boxes.add(new Box(x, y, x + w, y + h));
        }
        return boxes;
    }

    @Test
    void findsTheThreeShapes() {
        List<Box> boxes = threeShapes(1);
        AnchorBoxes anchors = AnchorBoxes.fit(boxes, GRID, 3, 7);
        double[][] sizes = anchors.sizes();
        assertEquals(3, sizes.length);
        // smallest area first: the 1x1 cluster, then the wide and tall ones (equal areas, either order)
        assertEquals(1.0, sizes[0][0], 0.05);
        assertEquals(1.0, sizes[0][1], 0.05);
        double[][] rest = {sizes[1], sizes[2]};
        java.util.Arrays.sort(rest, java.util.Comparator.comparingDouble(c -> -c[0]));
        assertArrayEquals(new double[]{3.0, 1.0}, rest[0], 0.15);
        assertArrayEquals(new double[]{1.0, 3.0}, rest[1], 0.15);
        assertTrue(anchors.meanIou(boxes, GRID) > 0.85, "mean IoU " + anchors.meanIou(boxes, GRID));
        assertTrue(AnchorBoxes.fit(boxes, GRID, 1, 7).meanIou(boxes, GRID) < 0.6, "one anchor fits worse");
        assertEquals(3, anchors.priors().size(0));
        assertEquals(2, anchors.priors().size(1));
    }

    @Test
    void theSeedFixesTheResult() {
        List<Box> boxes = threeShapes(2);
        assertArrayEquals(AnchorBoxes.fit(boxes, GRID, 5, 3).sizes(), AnchorBoxes.fit(boxes, GRID, 5, 3).sizes());
    }

    @Test
    void needsAsManyDistinctSizesAsAnchors() {
        List<Box> two = List.of(new Box(0, 0, 16, 16), new Box(10, 10, 26, 26), new Box(0, 0, 32, 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> AnchorBoxes.fit(two, GRID, 3, 1));
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnchorBoxes.fit(two, GRID, 0, 1));
    }
}
