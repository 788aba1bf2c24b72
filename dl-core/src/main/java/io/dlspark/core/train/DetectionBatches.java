package io.dlspark.core.train;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.yolo.YoloGrid;
import io.dlspark.core.detect.yolo.YoloTargetEncoder;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds detector minibatches from {@link DetectionRecords}: images as {@code [batch, C, H, W]} in [0, 1], and the
 * {@code Yolo2OutputLayer} labels of their objects ({@link YoloTargetEncoder}); with an {@code augmenter}, each record
 * and its boxes augmented for the epoch from its key first.
 */
public record DetectionBatches(ImageShape shape, YoloGrid grid, BoxRecordAugmenter augmenter) implements Serializable {

    /** These batches without augmentation (for evaluation). */
    public DetectionBatches plain() {
        return new DetectionBatches(shape, grid, null);
    }

    /** Records {@code order[from..to)} of {@code data} in {@code epoch}. */
    public DataSet assemble(PartitionData data, int[] order, int from, int to, int epoch) {
        if (!(data.features() instanceof DetectionRecords records)) {
            throw new IllegalStateException("detector minibatches need detection records, not "
                + data.features().getClass().getSimpleName());
        }
        int n = to - from;
        byte[] pixels = new byte[n * records.recordSize()];
        List<List<GroundTruth>> objects = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int record = order[from + k];
            byte[] image = records.image(record);
            List<GroundTruth> truths = records.objects(record);
            if (augmenter != null) {
                BoxRecordAugmenter.Augmented augmented = augmenter.augment(image, truths, data.recordKeys()[record], epoch);
                image = augmented.pixels();
                truths = augmented.objects();
            }
            System.arraycopy(image, 0, pixels, k * records.recordSize(), records.recordSize());
            objects.add(truths);
        }
        PartitionData images = new PartitionData(data.worker(), pixels, new int[n], new long[n], records.recordSize());
        DataSet batch = new MinibatchAssembler(shape, 0, true).assemble(images, AugmentedBatch.identity(n), 0, n);
        return new DataSet(batch.getFeatures(), new YoloTargetEncoder(grid).encode(objects));
    }
}
