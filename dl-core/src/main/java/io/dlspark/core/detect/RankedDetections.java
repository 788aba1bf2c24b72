package io.dlspark.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The detections of one class over a set of images in evaluation order: descending score; equal scores by image
 * index, then by position in the image's list. Both AP definitions walk this order.
 */
final class RankedDetections {

    /** One detection of the class: its image and its position in that image's detection list. */
    record Ref(int image, int index, Detection detection) {
    }

    private RankedDetections() {
    }

    /** Class {@code classId}'s detections, at most {@code maxPerImage} of the best-scored from each image. */
    static List<Ref> of(List<ImageBoxes> images, int classId, int maxPerImage) {
        List<Ref> all = new ArrayList<>();
        for (int img = 0; img < images.size(); img++) {
            all.addAll(ofImage(images.get(img).detections(), img, classId, maxPerImage));
        }
        all.sort(order());
        return all;
    }

    /** Class {@code classId}'s detections of one image, in evaluation order, the best {@code maxPerImage}. */
    static List<Ref> ofImage(List<Detection> detections, int image, int classId, int maxPerImage) {
        List<Ref> refs = new ArrayList<>();
        for (int i = 0; i < detections.size(); i++) {
            if (detections.get(i).classId() == classId) {
                refs.add(new Ref(image, i, detections.get(i)));
            }
        }
        refs.sort(order());
        return refs.size() > maxPerImage ? refs.subList(0, maxPerImage) : refs;
    }

    private static Comparator<Ref> order() {
        return Comparator.<Ref>comparingDouble(r -> -r.detection().score())
            .thenComparingInt(Ref::image).thenComparingInt(Ref::index);
    }
}
