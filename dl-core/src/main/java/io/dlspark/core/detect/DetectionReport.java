package io.dlspark.core.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A detector's scores on a split: Pascal VOC mAP@0.5, COCO mAP@[0.5:0.95] and both APs per class (classes without
 * ground truth are left out), from the images' ground truths and detections in a fixed image order.
 */
public record DetectionReport(String split, long images, ApScores voc, CocoScores coco, List<String> classNames) {

    /** Scores {@code images} (their order breaks score ties) over the classes {@code classNames}. */
    public static DetectionReport of(String split, List<ImageBoxes> images, List<String> classNames) {
        return new DetectionReport(split, images.size(), new VocAveragePrecision().evaluate(images, classNames.size()),
            new CocoAveragePrecision().evaluate(images, classNames.size()), List.copyOf(classNames));
    }

    /** mAP@0.5 (VOC, all-point interpolation). */
    public double map50() {
        return voc.mean();
    }

    /** COCO's mAP@[0.5:0.95]. */
    public double map50to95() {
        return coco.map();
    }

    /** The report as JSON-ready values: {@code map50}, {@code map50to95} and {@code perClass} (name to both APs). */
    public Map<String, Object> metrics() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("split", split);
        metrics.put("images", images);
        metrics.put("map50", finite(map50()));
        metrics.put("map50to95", finite(map50to95()));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            if (!Double.isNaN(voc.ap(c))) {
                perClass.put(classNames.get(c), Map.of("ap50", voc.ap(c), "ap50to95", coco.averaged().ap(c)));
            }
        }
        metrics.put("perClass", perClass);
        return metrics;
    }

    /** The report as console lines: the two mAPs, then one row per class with ground truth. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "split %s: %d images, mAP@0.5 %.4f, mAP@[0.5:0.95] %.4f%n%-24s %8s %12s%n", split, images, map50(),
            map50to95(), "class", "AP@0.5", "AP@[.5:.95]"));
        for (int c = 0; c < classNames.size(); c++) {
            if (!Double.isNaN(voc.ap(c))) {
                out.append(String.format(Locale.ROOT, "%-24s %8.4f %12.4f%n", classNames.get(c), voc.ap(c),
                    coco.averaged().ap(c)));
            }
        }
        return out.toString();
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
