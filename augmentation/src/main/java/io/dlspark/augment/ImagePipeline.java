package io.dlspark.augment;

import io.dlspark.augment.image.ImageOp;
import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.train.RecordAugmenter;

import java.util.List;

/**
 * Augments uint8 HWC images of one shape, each step with its probability, from a stream seeded by (seed, record id,
 * epoch, step index) only. Immutable and serializable; as a {@link RecordAugmenter} keyed by {@link
 * RecordSeeds#recordKey} it augments online exactly as {@link #apply} does on the record id.
 */
public final class ImagePipeline implements Augmenter<byte[]>, RecordAugmenter {
    private static final long serialVersionUID = 1L;

    private final ImageAugmentConfig config;
    private final ImageShape shape;
    private final ImageOp[] ops;
    private final double[] probabilities;

    private ImagePipeline(ImageAugmentConfig config, ImageShape shape) {
        this.config = config;
        this.shape = shape;
        List<Step<ImageOp>> steps = config.steps();
        this.ops = new ImageOp[steps.size()];
        this.probabilities = new double[steps.size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = steps.get(i).op();
            probabilities[i] = steps.get(i).probability();
        }
    }

    /** A pipeline for images of {@code shape}; fails, naming the key, when a step cannot work on that shape. */
    public static ImagePipeline create(AugmentConfig config, ImageShape shape) {
        if (!(config instanceof ImageAugmentConfig image)) {
            throw new UsageException("augment.records: the configuration is for " + config.records()
                + " records, not images");
        }
        for (Step<ImageOp> step : image.steps()) {
            step.op().checkFits(shape, step.key());
        }
        return new ImagePipeline(image, shape);
    }

    public ImageAugmentConfig config() {
        return config;
    }

    public ImageShape shape() {
        return shape;
    }

    /** Returns a new augmented copy of {@code pixels}. */
    @Override
    public byte[] apply(byte[] pixels, String recordId, int epoch) {
        byte[] out = new byte[shape.size()];
        applyInto(pixels, out, new byte[shape.size()], recordId, epoch);
        return out;
    }

    /**
     * Writes the augmented {@code pixels} into {@code out}, using {@code scratch} as working space; for loops
     * that reuse buffers. {@code pixels} may be {@code out} itself (augmenting in place) but neither may be
     * {@code scratch}. The result is the same as {@link #apply}'s.
     */
    public void applyInto(byte[] pixels, byte[] out, byte[] scratch, String recordId, int epoch) {
        run(pixels, out, scratch, RecordSeeds.recordKey(recordId), epoch, recordId);
    }

    /** As {@link #applyInto(byte[], byte[], byte[], String, int)}, for the record whose id has {@code recordKey}. */
    public void applyInto(byte[] pixels, byte[] out, byte[] scratch, long recordKey, int epoch) {
        run(pixels, out, scratch, recordKey, epoch, null);
    }

    /** {@code recordId} names the record in errors; null when only its key is known. */
    private void run(byte[] pixels, byte[] out, byte[] scratch, long recordKey, int epoch, String recordId) {
        int size = shape.size();
        if (pixels.length != size || out.length != size || scratch.length != size) {
            throw new IllegalArgumentException((recordId != null ? "record " + recordId : "record key " + recordKey)
                + ": expected " + size + " bytes for shape " + shape
                + ", got pixels " + pixels.length + ", out " + out.length + ", scratch " + scratch.length);
        }
        if (scratch == out || scratch == pixels) {
            throw new IllegalArgumentException("scratch must be an array of its own");
        }
        long recordSeed = RecordSeeds.record(config.seed(), recordKey, epoch);
        AugmentRandom random = new AugmentRandom(0);
        byte[] current = pixels;
        for (int i = 0; i < ops.length; i++) {
            random.reseed(RecordSeeds.op(recordSeed, i));
            if (!random.chance(probabilities[i])) {
                continue;
            }
            byte[] target = current == out ? scratch : out;
            ops[i].apply(current, target, shape, random);
            current = target;
        }
        if (current != out) {
            System.arraycopy(current, 0, out, 0, size);
        }
    }

    /** Augments one training record in place; {@code scratch} is working space of the same size. */
    @Override
    public void augment(byte[] record, byte[] scratch, long recordKey, int epoch) {
        applyInto(record, record, scratch, recordKey, epoch);
    }
}
