package io.dlspark.core.detect;

import io.dlspark.core.UsageException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SceneGeneratorTest {
    private static final int SCENES = 120;
    private final ObjectSource train = new SyntheticObjects(300, 1, 0, 5);
    private final ObjectSource test = new SyntheticObjects(200, 2, 5, 5);
    private final SceneGenerator generator = new SceneGenerator(SceneSettings.defaults(), 42);

    @Test
    void scenesAreTheSameWhateverTheOrderAndPartitioning() {
        List<Scene> inOrder = new ArrayList<>();
        for (int i = 0; i < SCENES; i++) {
            inOrder.add(generator.scene(i, train));
        }
        // three "partitions" taking every third index, each walked backwards, by a fresh generator
        SceneGenerator other = new SceneGenerator(SceneSettings.defaults(), 42);
        Scene[] partitioned = new Scene[SCENES];
        for (int part = 0; part < 3; part++) {
            for (int i = SCENES - 1 - ((SCENES - 1 - part) % 3); i >= 0; i -= 3) {
                partitioned[i] = other.scene(i, train);
            }
        }
        for (int i = 0; i < SCENES; i++) {
            assertSameScene(inOrder.get(i), partitioned[i]);
        }
    }

    @Test
    void otherSeedOrIndexGivesAnotherScene() {
        Scene a = generator.scene(7, train);
        assertFalse(Arrays.equals(a.pixels(), new SceneGenerator(SceneSettings.defaults(), 43).scene(7, train).pixels()));
        assertFalse(Arrays.equals(a.pixels(), generator.scene(8, train).pixels()));
    }

    @Test
    void boxesLieOnTheCanvasAndOverlapWithinTheBound() {
        Set<Integer> counts = new HashSet<>();
        for (int i = 0; i < SCENES; i++) {
            Scene scene = generator.scene(i, train);
            List<GroundTruth> objects = scene.objects();
            assertTrue(objects.size() >= 1 && objects.size() <= 5, "scene " + i + ": " + objects.size());
            counts.add(objects.size());
            for (GroundTruth g : objects) {
                Box b = g.box();
                assertTrue(b.x1() >= 0 && b.y1() >= 0 && b.x2() <= 96 && b.y2() <= 96, "scene " + i + ": " + b);
                // a 28-pixel object scaled by at most 1.5 spans at most 42 pixels, at least (4+1) * 0.75
                assertTrue(b.width() <= 42 && b.height() <= 42, "scene " + i + ": " + b);
            }
            for (int a = 0; a < objects.size(); a++) {
                for (int c = a + 1; c < objects.size(); c++) {
                    assertTrue(objects.get(a).box().iou(objects.get(c).box()) <= 0.2, "scene " + i);
                }
            }
        }
        assertEquals(Set.of(1, 2, 3, 4, 5), counts);
    }

    @Test
    void zeroOverlapBoundKeepsBoxesApart() {
        SceneSettings apart = new SceneSettings(96, 5, 5, 0.75, 1.5, 0.0, 24, 100);
        for (int i = 0; i < 40; i++) {
            List<GroundTruth> objects = new SceneGenerator(apart, 3).scene(i, train).objects();
            for (int a = 0; a < objects.size(); a++) {
                for (int c = a + 1; c < objects.size(); c++) {
                    assertEquals(0.0, objects.get(a).box().intersection(objects.get(c).box()), 0);
                }
            }
        }
    }

    @Test
    void everyBoxIsTheTightBoxOfItsObjectsPixels() {
        // one object, no noise: the box is exactly the bounding box of the canvas's nonzero pixels
        SceneSettings single = new SceneSettings(96, 1, 1, 0.75, 1.5, 0.2, 0, 100);
        for (int i = 0; i < 60; i++) {
            Scene scene = new SceneGenerator(single, 5).scene(i, train);
            assertEquals(1, scene.objects().size());
            assertEquals(nonzeroBounds(scene), scene.objects().get(0).box(), "scene " + i);
        }
        // several objects, no noise: every nonzero pixel lies in some box, every box edge touches a nonzero pixel
        SceneSettings several = new SceneSettings(96, 1, 5, 0.75, 1.5, 0.2, 0, 100);
        for (int i = 0; i < 60; i++) {
            Scene scene = new SceneGenerator(several, 5).scene(i, train);
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    int px = x;
                    int py = y;
                    assertTrue(scene.pixel(x, y) == 0
                        || scene.objects().stream().anyMatch(g -> g.box().containsPixel(px, py)),
                        "scene " + i + " pixel " + x + "," + y);
                }
            }
            for (GroundTruth g : scene.objects()) {
                assertTrue(edgesTouchPixels(scene, g.box()), "scene " + i + " " + g.box());
            }
        }
    }

    @Test
    void scaledObjectBoundsAreTheNonzeroPixels() {
        byte[] image = new byte[4 * 4];
        image[1 * 4 + 2] = (byte) 200;
        ScaledObject same = ScaledObject.of(image, 4, 4, 1.0);
        assertArrayEquals(image, same.pixels);
        assertEquals(List.of(2, 1, 2, 1), List.of(same.minX, same.minY, same.maxX, same.maxY));
        ScaledObject doubled = ScaledObject.of(image, 4, 4, 2.0);
        assertEquals(8, doubled.width);
        // output column x reads input (x + 0.5) / 2 - 0.5: columns 4 and 5 read 1.75 and 2.25 -> nonzero,
        // column 3 reads 1.25 (weight 0.25 on column 2), column 6 reads 2.75 (weight 0.25 on column 2): columns 3-6;
        // rows likewise 1-4 around input row 1. Pixel (3, 3): 0.25 * 200 across, then 0.75 of that down: 37.5 -> 38
        assertEquals(List.of(3, 1, 6, 4), List.of(doubled.minX, doubled.minY, doubled.maxX, doubled.maxY));
        assertEquals(38, doubled.pixels[3 * 8 + 3] & 0xFF);
        assertTrue(ScaledObject.of(new byte[16], 4, 4, 1.5).isEmpty());
    }

    @Test
    void testScenesReadOnlyTheSourceGiven() {
        Set<Integer> read = new HashSet<>();
        ObjectSource recording = new SyntheticObjects(200, 2, 5, 5) {
            @Override
            public byte[] image(int index) {
                read.add(index);
                return super.image(index);
            }
        };
        Set<Integer> reported = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Scene scene = generator.scene(i, recording);
            for (int k = 0; k < scene.objects().size(); k++) {
                int source = scene.sourceIndices().get(k);
                reported.add(source);
                assertEquals(test.label(source), scene.objects().get(k).classId());
                assertTrue(scene.objects().get(k).classId() >= 5, "the test source's labels are 5-9");
            }
        }
        // with 100 attempts at IoU <= 0.2 every drawn object finds a place, so the scenes report all they read
        assertEquals(read, reported);
    }

    @Test
    void settingsNameTheBadKey() {
        assertMessage("scenes.max-objects", () -> new SceneSettings(96, 3, 2, 0.75, 1.5, 0.2, 24, 100));
        assertMessage("scenes.min-objects", () -> new SceneSettings(96, 0, 2, 0.75, 1.5, 0.2, 24, 100));
        assertMessage("scenes.min-scale", () -> new SceneSettings(96, 1, 2, 0, 1.5, 0.2, 24, 100));
        assertMessage("scenes.max-scale", () -> new SceneSettings(96, 1, 2, 1.0, 0.9, 0.2, 24, 100));
        assertMessage("scenes.max-overlap", () -> new SceneSettings(96, 1, 2, 0.75, 1.5, 1.2, 24, 100));
        assertMessage("scenes.noise-amplitude", () -> new SceneSettings(96, 1, 2, 0.75, 1.5, 0.2, 300, 100));
        assertMessage("scenes.canvas-size", () -> new SceneSettings(4, 1, 2, 0.75, 1.5, 0.2, 24, 100));
        assertMessage("scenes.placement-attempts", () -> new SceneSettings(96, 1, 2, 0.75, 1.5, 0.2, 24, 0));
        SceneGenerator small = new SceneGenerator(new SceneSettings(32, 1, 2, 0.75, 1.5, 0.2, 24, 10), 1);
        assertMessage("scenes.max-scale", () -> small.scene(0, train));
    }

    private static void assertMessage(String key, org.junit.jupiter.api.function.Executable action) {
        UsageException e = assertThrows(UsageException.class, action);
        assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
    }

    private static void assertSameScene(Scene expected, Scene actual) {
        assertArrayEquals(expected.pixels(), actual.pixels(), "scene " + expected.index());
        assertEquals(expected.objects(), actual.objects(), "scene " + expected.index());
        assertEquals(expected.sourceIndices(), actual.sourceIndices(), "scene " + expected.index());
    }

    private static Box nonzeroBounds(Scene scene) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < scene.size(); y++) {
            for (int x = 0; x < scene.size(); x++) {
                if (scene.pixel(x, y) != 0) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return Box.ofPixels(minX, minY, maxX, maxY);
    }

    private static boolean edgesTouchPixels(Scene scene, Box b) {
        int x1 = (int) b.x1();
        int y1 = (int) b.y1();
        int x2 = (int) b.x2() - 1;
        int y2 = (int) b.y2() - 1;
        boolean left = false;
        boolean right = false;
        boolean top = false;
        boolean bottom = false;
        for (int y = y1; y <= y2; y++) {
            left |= scene.pixel(x1, y) != 0;
            right |= scene.pixel(x2, y) != 0;
        }
        for (int x = x1; x <= x2; x++) {
            top |= scene.pixel(x, y1) != 0;
            bottom |= scene.pixel(x, y2) != 0;
        }
        return left && right && top && bottom;
    }
}
