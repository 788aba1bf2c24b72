package io.dlspark.engine;

import io.dlspark.core.detect.Detection;
import io.dlspark.core.detect.rcnn.RcnnDetector;
import io.dlspark.core.detect.rcnn.RcnnModel;
import io.dlspark.core.train.DetectionRecords;
import io.dlspark.core.train.PartitionData;
import io.dlspark.engine.DetectionEvaluator.ScoredImage;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.ArrayList;
import java.util.List;

/** The R-CNN's per-partition work on the executors: proposals, warping, batched scoring, regression and NMS. */
public final class RcnnImages {

    private RcnnImages() {
    }

    /** The task's detector: {@code model} with the task's region classifier. */
    public static DetectionEvaluator.PartitionDetector of(RcnnModel model) {
        return (net, partition) -> images(net, partition, model);
    }

    /** The scored images of one partition (in its record order) with the region classifier {@code net}. */
    public static List<ScoredImage> images(NeuralNetwork net, PartitionData partition, RcnnModel model) {
        DetectionRecords records = (DetectionRecords) partition.features();
        RcnnDetector detector = new RcnnDetector(model, net);
        List<ScoredImage> out = new ArrayList<>(partition.size());
        for (int k = 0; k < partition.size(); k++) {
            List<Detection> found = detector.detect(records.image(k));
            out.add(new ScoredImage(records.ids()[k], records.objects(k), found));
        }
        return out;
    }
}
