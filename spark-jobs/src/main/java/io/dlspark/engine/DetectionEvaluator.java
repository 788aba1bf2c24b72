package io.dlspark.engine;

import io.dlspark.core.detect.Detection;
import io.dlspark.core.detect.DetectionReport;
import io.dlspark.core.detect.GroundTruth;
import io.dlspark.core.detect.ImageBoxes;
import io.dlspark.core.detect.yolo.YoloDecoder;
import io.dlspark.core.detect.yolo.YoloHead;
import io.dlspark.core.nn.FlipAveraging;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.DetectionBatches;
import io.dlspark.core.train.DetectionRecords;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a detector over cached detection records on the executors: each task decodes its records' outputs
 * ({@link YoloDecoder}, NMS) and returns them as small box lists with the ground truth; the driver orders them by
 * record id, so the scores do not depend on the partitioning.
 */
public final class DetectionEvaluator {
    private static final int BATCH = 32;

    private DetectionEvaluator() {
    }

    /** One record's id, ground truth and detections (pixels, after NMS). */
    public record ScoredImage(String id, List<GroundTruth> truths, List<Detection> detections) implements Serializable {
        public ScoredImage {
            truths = List.copyOf(truths);
            detections = List.copyOf(detections);
        }
    }

    /** What each task runs over its partition of detection records with its network: the scored images, in order. */
    @FunctionalInterface
    public interface PartitionDetector extends Serializable {
        List<ScoredImage> images(NeuralNetwork net, PartitionData partition);
    }

    /** The detections of every record of {@code data} by a YOLO {@code head}, by record id. */
    public static List<ScoredImage> detect(JavaSparkContext jsc, String split, TrainingData data,
                                           NetworkBlueprint blueprint, NetworkState state, DetectionBatches batches,
                                           YoloHead head) {
        DetectionBatches plain = batches.plain();
        return detect(jsc, split, data, blueprint, state, (net, partition) -> images(net, partition, plain,
            head.decoder()));
    }

    /**
     * The detections of every record of {@code data}, by record id: each task holds one network of {@code blueprint}
     * with the published {@code state} and runs {@code detector} over its partition.
     */
    public static List<ScoredImage> detect(JavaSparkContext jsc, String split, TrainingData data,
                                           NetworkBlueprint blueprint, NetworkState state, PartitionDetector detector) {
        Broadcast<NetworkState> published = jsc.broadcast(state);
        JobDescription described = JobDescription.of(jsc.sc(), "dlspark detect " + split);
        boolean gpus = GpuPinning.requested(jsc.getConf());
        try {
            List<ScoredImage> images = new ArrayList<>(data.partitions().flatMap((PartitionData partition) ->
                NetworkPool.<List<ScoredImage>, RuntimeException>withTrainable(blueprint, gpus, 1, trainable -> {
                    trainable.apply(published.value());
                    return detector.images(trainable.probedNetwork(), partition);
                }).iterator()).collect());
            images.sort(Comparator.comparing(ScoredImage::id));
            return images;
        } finally {
            published.destroy();
            described.close();
        }
    }

    /** mAP@0.5, mAP@[0.5:0.95] and per-class AP of the detector on {@code data}. */
    public static DetectionReport evaluate(JavaSparkContext jsc, String split, TrainingData data,
                                           NetworkBlueprint blueprint, NetworkState state, DetectionBatches batches,
                                           YoloHead head, List<String> classNames) {
        return report(split, detect(jsc, split, data, blueprint, state, batches, head), classNames);
    }

    /** The report of scored images in their order. */
    public static DetectionReport report(String split, List<ScoredImage> images, List<String> classNames) {
        return DetectionReport.of(split, images.stream().map(i -> new ImageBoxes(i.truths(), i.detections())).toList(),
            classNames);
    }

    /** The scored images of one partition (in its record order), with {@code net}. */
    public static List<ScoredImage> images(NeuralNetwork net, PartitionData partition, DetectionBatches batches,
                                    YoloDecoder decoder) {
        return images(net, partition, batches, decoder, null);
    }

    /**
     * The scored images of one partition (in its record order), with {@code net}; with {@code flipOf} (not null),
     * each image's output is averaged with its mirror image's by that head ({@link YoloHead#flipAveraged}).
     */
    public static List<ScoredImage> images(NeuralNetwork net, PartitionData partition, DetectionBatches batches,
                                    YoloDecoder decoder, YoloHead flipOf) {
        DetectionRecords records = (DetectionRecords) partition.features();
        int[] order = io.dlspark.core.train.AugmentedBatch.identity(partition.size());
        List<ScoredImage> out = new ArrayList<>();
        for (int from = 0; from < partition.size(); from += BATCH) {
            int to = Math.min(from + BATCH, partition.size());
            DataSet batch = batches.assemble(partition, order, from, to, 0);
            INDArray output = Networks.output(net, batch.getFeatures());
            if (flipOf != null) {
                output = flipOf.flipAveraged(output, Networks.output(net, FlipAveraging.mirror(batch.getFeatures())));
            }
            List<List<Detection>> found = decoder.decode(output);
            for (int k = 0; k < to - from; k++) {
                out.add(new ScoredImage(records.ids()[from + k], records.objects(from + k), found.get(k)));
            }
        }
        return out;
    }
}
