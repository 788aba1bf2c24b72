package io.dlspark.augment;

import io.dlspark.augment.boxes.BoxOp;
import io.dlspark.augment.boxes.BoxedImage;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Box-aware augmentation seeded like {@link ImagePipeline}: step i runs with its probability from a stream seeded by
 * (seed, record id, epoch, i). After each step a box is clipped to the canvas and kept only if at least
 * {@code minVisible} of its area is on the canvas; otherwise the object is dropped.
 */
public final class BoxPipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final List<Step<BoxOp>> steps;
    private final double minVisible;

    private BoxPipeline(BoxAugmentConfig config) {
        this.seed = config.seed();
        this.steps = config.steps();
        this.minVisible = config.minVisible();
    }

    /** A pipeline for images of {@code shape}; fails, naming the key, when a step cannot work on that shape. */
    public static BoxPipeline create(AugmentConfig config, ImageShape shape) {
        if (!(config instanceof BoxAugmentConfig boxes)) {
            throw new UsageException("augment.records: the configuration is for " + config.records()
                + " records, not boxes");
        }
        for (Step<BoxOp> step : boxes.steps()) {
            step.op().checkFits(shape, step.key());
        }
        return new BoxPipeline(boxes);
    }

    /** {@code image} augmented for {@code epoch}; the input is not modified. */
    public BoxedImage apply(BoxedImage image, String recordId, int epoch) {
        return apply(image, RecordSeeds.recordKey(recordId), epoch);
    }

    /** As {@link #apply(BoxedImage, String, int)}, for the record whose id has {@code recordKey}. */
    public BoxedImage apply(BoxedImage image, long recordKey, int epoch) {
        ImageShape shape = image.shape();
        long recordSeed = RecordSeeds.record(seed, recordKey, epoch);
        AugmentRandom random = new AugmentRandom(0);
        byte[] current = image.pixels();
        List<GroundTruth> objects = image.objects();
        for (int i = 0; i < steps.size(); i++) {
            random.reseed(RecordSeeds.op(recordSeed, i));
            if (!random.chance(steps.get(i).probability())) {
                continue;
            }
            byte[] next = new byte[shape.size()];
            List<Box> moved = steps.get(i).op().apply(current, next, shape,
                objects.stream().map(GroundTruth::box).toList(), random);
            objects = keepVisible(objects, moved, shape);
            current = next;
        }
        return new BoxedImage(current == image.pixels() ? current.clone() : current, shape, objects);
    }

    private List<GroundTruth> keepVisible(List<GroundTruth> objects, List<Box> moved, ImageShape shape) {
        List<GroundTruth> kept = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            Box box = moved.get(k);
            Optional<Box> clipped = box.clip(shape.width(), shape.height());
            if (clipped.isPresent() && clipped.get().area() >= minVisible * box.area()) {
                GroundTruth old = objects.get(k);
                kept.add(new GroundTruth(clipped.get(), old.classId(), old.difficult()));
            }
        }
        return kept;
    }
}
