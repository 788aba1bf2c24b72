package io.dlspark.core.detect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxTest {

    @Test
    void iouOfHandComputedPairs() {
        Box a = new Box(0, 0, 10, 10);
        // overlap 5x5 = 25, union 100 + 100 - 25 = 175
        assertEquals(25.0 / 175, a.iou(new Box(5, 5, 15, 15)), 1e-12);
        // contained 4x4: 16 / 100
        assertEquals(0.16, a.iou(new Box(2, 2, 6, 6)), 1e-12);
        // shifted by one column: 9x10 = 90 over 110
        assertEquals(90.0 / 110, a.iou(new Box(1, 0, 11, 10)), 1e-12);
        assertEquals(1.0, a.iou(new Box(0, 0, 10, 10)), 0);
        assertEquals(0.0, a.iou(new Box(10, 0, 20, 10)), 0, "touching edges share no area");
        assertEquals(0.0, a.iou(new Box(30, 30, 40, 40)), 0);
        assertEquals(a.iou(new Box(5, 5, 15, 15)), new Box(5, 5, 15, 15).iou(a), 0);
    }

    @Test
    void pixelBoxesHaveContinuousEdges() {
        Box b = Box.ofPixels(3, 4, 5, 4);
        assertEquals(new Box(3, 4, 6, 5), b);
        assertEquals(3, b.area(), 0);
        assertTrue(b.containsPixel(5, 4));
        assertFalse(b.containsPixel(6, 4));
        assertFalse(b.containsPixel(3, 5));
    }

    @Test
    void clipKeepsThePartInsideOrNothing() {
        assertEquals(Optional.of(new Box(0, 2, 4, 10)), new Box(-3, 2, 4, 12).clip(10, 10));
        assertEquals(Optional.empty(), new Box(10, 0, 14, 5).clip(10, 10));
    }

    @Test
    void rejectsEmptyOrNonFiniteBoxes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Box(5, 0, 5, 10));
        assertTrue(e.getMessage().contains("x1 < x2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 3, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Detection(new Box(0, 0, 1, 1), -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Detection(new Box(0, 0, 1, 1), 0, Double.NaN));
    }

    @Test
    void nmsSuppressesOverlapsWithinAClassOnly() {
        Detection a = new Detection(new Box(0, 0, 10, 10), 0, 0.9);
        // IoU(a, b): overlap 9x9 = 81, union 200 - 81 = 119, so 0.6807
        Detection b = new Detection(new Box(1, 1, 11, 11), 0, 0.8);
        Detection c = new Detection(new Box(20, 20, 30, 30), 0, 0.7);
        Detection d = new Detection(new Box(0, 0, 10, 10), 1, 0.6);
        List<Detection> input = List.of(d, c, b, a);
        assertEquals(List.of(a, c, d), new NonMaxSuppression(0.5).apply(input));
        assertEquals(List.of(a, b, c, d), new NonMaxSuppression(0.7).apply(input));
    }

    @Test
    void nmsComparesWithKeptBoxesNotSuppressedOnes() {
        // b overlaps a (IoU 0.68) and c overlaps b (IoU 0.68) but not a (IoU 64/136 = 0.47): a and c stay.
        Detection a = new Detection(new Box(0, 0, 10, 10), 0, 0.9);
        Detection b = new Detection(new Box(1, 1, 11, 11), 0, 0.8);
        Detection c = new Detection(new Box(2, 2, 12, 12), 0, 0.7);
        assertEquals(List.of(a, c), new NonMaxSuppression(0.5).apply(List.of(a, b, c)));
    }

    @Test
    void nmsBreaksScoreTiesByInputOrder() {
        Detection first = new Detection(new Box(0, 0, 10, 10), 0, 0.5);
        Detection second = new Detection(new Box(0, 0, 10, 11), 0, 0.5);
        assertEquals(List.of(first), new NonMaxSuppression(0.5).apply(List.of(first, second)));
        assertEquals(List.of(second), new NonMaxSuppression(0.5).apply(List.of(second, first)));
        assertEquals(List.of(), new NonMaxSuppression(0.5).apply(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NonMaxSuppression(1.5));
    }
}
