package io.dlspark.core.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Composes detection scenes from object images; scene i depends only on (seed, i, settings, source), so a scene
 * set is the same however it is partitioned. The recipe is in docs/detection.md.
 */
public final class SceneGenerator {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final SceneSettings settings;
    private final long seed;

    public SceneGenerator(SceneSettings settings, long seed) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seed = seed;
    }

    public SceneSettings settings() {
        return settings;
    }

    public long seed() {
        return seed;
    }

    /**
     * Scene {@code index} built from {@code source}'s images (pass the test split's source for test scenes). Objects
     * are pasted with max() over the noise, in drawing order; each box is the tight box of the object's nonzero
     * pixels after scaling. An object that finds no place within the overlap bound is left out.
     */
    public Scene scene(long index, ObjectSource source) {
        if (index < 0) {
            throw new IllegalArgumentException("scene index must be >= 0, got " + index);
        }
        if (source.size() == 0) {
            throw new IllegalArgumentException("scene " + index + ": the object source is empty");
        }
        settings.checkFits(source.height(), source.width());
        SplittableRandom root = new SplittableRandom(sceneSeed(seed, index));
        SplittableRandom layout = root.split();
        SplittableRandom noise = root.split();
        int size = settings.canvasSize();
        byte[] canvas = new byte[size * size];
        for (int p = 0; p < canvas.length; p++) {
            canvas[p] = (byte) noise.nextInt(settings.noiseAmplitude() + 1);
        }
        int count = layout.nextInt(settings.minObjects(), settings.maxObjects() + 1);
        List<GroundTruth> objects = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int sourceIndex = layout.nextInt(source.size());
            double scale = settings.minScale() == settings.maxScale() ? settings.minScale()
                : layout.nextDouble(settings.minScale(), settings.maxScale());
            ScaledObject object = ScaledObject.of(source.image(sourceIndex), source.height(), source.width(), scale);
            if (object.isEmpty()) {
                continue;
            }
            Box box = place(object, objects, layout);
            if (box != null) {
                paste(canvas, size, object, (int) box.x1() - object.minX, (int) box.y1() - object.minY);
                objects.add(new GroundTruth(box, source.label(sourceIndex)));
                sources.add(sourceIndex);
            }
        }
        return new Scene(index, size, canvas, objects, sources);
    }

    /** The seed of scene {@code index}: SplitMix64's finaliser over the seed and the index. */
    static long sceneSeed(long seed, long index) {
        return mix(mix(seed) ^ mix(index * GOLDEN_GAMMA + GOLDEN_GAMMA));
    }

    /** A box for {@code object} whose IoU with every placed box is within the bound, or null after the attempts. */
    private Box place(ScaledObject object, List<GroundTruth> placed, SplittableRandom random) {
        int size = settings.canvasSize();
        for (int attempt = 0; attempt < settings.placementAttempts(); attempt++) {
            int left = random.nextInt(0, size - (object.maxX - object.minX));
            int top = random.nextInt(0, size - (object.maxY - object.minY));
            Box box = Box.ofPixels(left, top, left + object.maxX - object.minX, top + object.maxY - object.minY);
            if (placed.stream().allMatch(g -> g.box().iou(box) <= settings.maxOverlap())) {
                return box;
            }
        }
        return null;
    }

    private static void paste(byte[] canvas, int size, ScaledObject object, int offsetX, int offsetY) {
        for (int y = 0; y < object.height; y++) {
            int cy = y + offsetY;
            if (cy < 0 || cy >= size) {
                continue;
            }
            for (int x = 0; x < object.width; x++) {
                int cx = x + offsetX;
                int value = object.pixels[y * object.width + x] & 0xFF;
                if (cx >= 0 && cx < size && value > (canvas[cy * size + cx] & 0xFF)) {
                    canvas[cy * size + cx] = (byte) value;
                }
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
