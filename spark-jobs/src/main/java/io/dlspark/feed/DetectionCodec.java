package io.dlspark.feed;

import io.dlspark.augment.BoxPipeline;
import io.dlspark.augment.boxes.BoxedImage;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.train.BoxRecordAugmenter;
import io.dlspark.core.train.DetectionRecords;
import io.dlspark.core.train.RecordFeatures;
import io.dlspark.shards.DetectionRows;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Detection shard records ({@code DETECTION_UINT8_HWC}) for {@link TrainingData}: each row's image and objects
 * (checked as {@link DetectionRows#objects} checks them), packed per worker into {@link DetectionRecords}.
 */
public record DetectionCodec(ImageShape shape) implements FeatureCodec {

    /** The columns this codec reads, from detection shards: {@code record_id, label, pixels, boxes, classes, difficult}. */
    public static Dataset<Row> rows(Dataset<Row> shards) {
        return shards.select(functions.col(ShardColumns.RECORD_ID), TrainingData.label(shards),
            functions.col(ShardColumns.PIXELS), functions.col(ShardColumns.BOXES), functions.col(ShardColumns.CLASSES),
            functions.col(ShardColumns.DIFFICULT));
    }

    /** One record's image and objects. */
    private record Entry(byte[] pixels, List<GroundTruth> objects) implements Serializable {
    }

    @Override
    public Serializable read(Row row, int column) {
        return new Entry((byte[]) row.get(column), new ArrayList<>(DetectionRows.objects(row)));
    }

    @Override
    public RecordFeatures pack(List<String> ids, List<Serializable> features) {
        List<byte[]> images = new ArrayList<>(features.size());
        List<List<GroundTruth>> objects = new ArrayList<>(features.size());
        for (Serializable feature : features) {
            images.add(((Entry) feature).pixels());
            objects.add(((Entry) feature).objects());
        }
        return DetectionRecords.pack(ids, images, objects, shape.size());
    }

    /** {@code pipeline} as the augmenter of detector minibatches. */
    public static BoxRecordAugmenter augmenter(BoxPipeline pipeline, ImageShape shape) {
        return (pixels, objects, recordKey, epoch) -> {
            BoxedImage out = pipeline.apply(new BoxedImage(pixels, shape, objects), recordKey, epoch);
            return new BoxRecordAugmenter.Augmented(out.pixels(), out.objects());
        };
    }
}
