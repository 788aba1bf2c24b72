package io.dlspark.augment.boxes;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** 64x64 grey test images of filled rectangles with their boxes, for the box-aware augmentation tests. */
public final class BoxFixtures {
    public static final ImageShape SHAPE = new ImageShape(64, 64, 1);

    private BoxFixtures() {
    }

    /** Random filled rectangles of varied values; object k has class k, so it can be followed through drops. */
    public static List<GroundTruth> objects(SplittableRandom random) {
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
    public static byte[] render(List<GroundTruth> objects, Integer only) {
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
}
