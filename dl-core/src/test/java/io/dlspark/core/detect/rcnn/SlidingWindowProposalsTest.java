package io.dlspark.core.detect.rcnn;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.ObjectSource;
import io.dlspark.core.detect.Scene;
import io.dlspark.core.detect.SceneGenerator;
import io.dlspark.core.detect.SceneSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sliding-window proposals: counts computed by hand, the objectness filter, and recall on generated scenes. */
class SlidingWindowProposalsTest {

    @Test
    void countsAndPositionsAreAsComputedByHand() {
        ImageShape canvas = new ImageShape(8, 8, 1);
        // size 4, stride 2: offsets 0, 2, 4 per axis = 9; size 5: 0, 2 and the flush 3 = 9; size 8: 1
        List<Box> windows = proposals(List.of(4, 5, 8), List.of(1.0), 2, 0).windows(canvas);
        assertEquals(19, windows.size());
        assertEquals(new Box(0, 0, 4, 4), windows.get(0));
        assertEquals(new Box(2, 0, 6, 4), windows.get(1));
        assertEquals(new Box(4, 4, 8, 8), windows.get(8));
        assertEquals(new Box(3, 0, 8, 5), windows.get(11));
        assertEquals(new Box(0, 0, 8, 8), windows.get(18));
        // size 4 ratio 4: 8 x 2 pixels; 1 x-offset, 4 y-offsets (0, 2, 4, 6)
        assertEquals(List.of(new Box(0, 0, 8, 2), new Box(0, 2, 8, 4), new Box(0, 4, 8, 6), new Box(0, 6, 8, 8)),
            proposals(List.of(4), List.of(4.0), 2, 0).windows(canvas));
    }

    @Test
    void theContrastFilterKeepsTheWindowsOnTheBrightPatch() {
        ImageShape canvas = new ImageShape(8, 8, 1);
        byte[] pixels = new byte[64];
        for (int y = 4; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                pixels[y * 8 + x] = (byte) 200;
            }
        }
        // means: the patch window 200, the windows half on it 100, a quarter 50; median 0
        SlidingWindowProposals filtered = proposals(List.of(4), List.of(1.0), 2, 60);
        assertEquals(List.of(new Box(4, 2, 8, 6), new Box(2, 4, 6, 8), new Box(4, 4, 8, 8)),
            filtered.propose(pixels, canvas));
        assertEquals(9, proposals(List.of(4), List.of(1.0), 2, 0).propose(pixels, canvas).size());
    }

    @Test
    void everyObjectOfGeneratedScenesHasAProposalWithIouAtLeastHalf() {
        SceneSettings settings = new SceneSettings(96, 1, 5, 0.75, 1.5, 0.2, 24, 100);
        SceneGenerator generator = new SceneGenerator(settings, 5);
        ObjectSource objects = new Rectangles(50, 3);
        SlidingWindowProposals proposals = proposals(List.of(16, 24, 32, 40), List.of(0.5, 1.0, 2.0), 4, 20);
        ImageShape canvas = new ImageShape(96, 96, 1);
        int all = proposals.windows(canvas).size();
        int objectsSeen = 0;
        for (int i = 0; i < 30; i++) {
            Scene scene = generator.scene(i, objects);
            List<Box> found = proposals.propose(scene.pixels(), canvas);
            assertTrue(found.size() < all, "the filter drops background windows in scene " + i);
            for (GroundTruth truth : scene.objects()) {
                double best = found.stream().mapToDouble(b -> b.iou(truth.box())).max().orElse(0);
                assertTrue(best >= 0.5, "scene " + i + " object " + truth.box() + ": best IoU " + best);
                objectsSeen++;
            }
        }
        assertTrue(objectsSeen > 60, "objects " + objectsSeen);
        assertEquals(proposals.propose(generator.scene(3, objects).pixels(), canvas),
            proposals.propose(generator.scene(3, objects).pixels(), canvas));
    }

    @Test
    void badSettingsNameTheirKey() {
        assertTrue(assertThrows(UsageException.class, () -> proposals(List.of(0), List.of(1.0), 2, 0)).getMessage()
            .startsWith("rcnn.window-sizes"));
        assertTrue(assertThrows(UsageException.class, () -> proposals(List.of(4), List.of(-1.0), 2, 0)).getMessage()
            .startsWith("rcnn.aspect-ratios"));
        assertTrue(assertThrows(UsageException.class, () -> proposals(List.of(4), List.of(1.0), 0, 0)).getMessage()
            .startsWith("rcnn.stride"));
        assertTrue(assertThrows(UsageException.class, () -> proposals(List.of(4), List.of(1.0), 1, -1)).getMessage()
            .startsWith("rcnn.min-contrast"));
    }

    private static SlidingWindowProposals proposals(List<Integer> sizes, List<Double> ratios, int stride,
                                                    double contrast) {
        return new SlidingWindowProposals(new ProposalSettings(sizes, ratios, stride, contrast));
    }

    /** Filled 28x28-canvas rectangles of 14 to 28 pixels per side and aspect within [0.5, 2]; bright values. */
    private static final class Rectangles implements ObjectSource {
        private final byte[][] images;
        private final int classes;

        Rectangles(int count, int classes) {
            this.classes = classes;
            images = new byte[count][];
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < count; i++) {
                int w = random.nextInt(14, 29);
                int h = Math.max(14, Math.min(28, (int) Math.round(w * random.nextDouble(0.5, 2.0))));
                byte[] image = new byte[28 * 28];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        image[y * 28 + x] = (byte) random.nextInt(80, 256);
                    }
                }
                images[i] = image;
            }
        }

        @Override
        public int size() {
            return images.length;
        }

        @Override
        public int height() {
            return 28;
        }

        @Override
        public int width() {
            return 28;
        }

        @Override
        public byte[] image(int index) {
            return images[index].clone();
        }

        @Override
        public int label(int index) {
            return index % classes;
        }
    }
}
