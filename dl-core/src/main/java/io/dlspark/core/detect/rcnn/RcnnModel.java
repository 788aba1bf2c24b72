package io.dlspark.core.detect.rcnn;

import io.dlspark.core.data.ImageShape;

import java.io.Serializable;
import java.util.List;

/**
 * What an R-CNN artifact records beside its region classifier ({@code rcnn.json}): the scene shape and object
 * classes, the proposal settings, the warp size, the classifier's input layout, the per-class box regressor and the
 * detection thresholds. The classifier's last class is background.
 *
 * @param minScore a class probability below which a region is not reported
 * @param nms      IoU above which NMS suppresses a same-class detection
 */
public record RcnnModel(ImageShape sceneShape, List<String> classNames, ProposalSettings proposals, int warpSize,
                        boolean convolutional, BoxRegressor regressor, double minScore, double nms)
    implements Serializable {
    /** The file name of this record in an R-CNN artifact. */
    public static final String FILE = "rcnn.json";
    /** Detections kept per image after NMS, the highest-scored. */
    public static final int MAX_DETECTIONS = 100;

    public RcnnModel {
        classNames = List.copyOf(classNames);
        if (regressor.weights().length != classNames.size()) {
            throw new IllegalArgumentException("rcnn: " + regressor.weights().length + " box regressors for "
                + classNames.size() + " classes");
        }
    }
}
