package io.dlspark.core.detect.rcnn;

import io.dlspark.core.detect.Box;
import io.dlspark.core.detect.GroundTruth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks an image's training regions for the R-CNN classifier: positives are the objects' own boxes and proposals
 * with IoU >= 0.5 with an object (labelled with its class), background proposals have IoU < 0.3 with every object
 * (labelled {@code classes}); at most {@code positives} and {@code backgrounds} per image, drawn from a seed.
 */
public record RegionSampler(int classes, int positives, int backgrounds) implements Serializable {
    /** IoU with an object from which a proposal is a positive of its class. */
    public static final double POSITIVE_IOU = 0.5;
    /** IoU with every object below which a proposal is background. */
    public static final double BACKGROUND_IOU = 0.3;

    public RegionSampler {
        if (classes < 1 || positives < 0 || backgrounds < 0) {
            throw new IllegalArgumentException("region sampler: classes >= 1, positives and backgrounds >= 0, got "
                + classes + ", " + positives + ", " + backgrounds);
        }
    }

    /** One training region: its box, its label ({@code classes} for background) and its object's index, or -1. */
    public record Region(Box box, int label, int object) {
    }

    /** The regions of an image with {@code objects} among {@code proposals}, drawn by {@code seed}: positives first. */
    public List<Region> sample(List<Box> proposals, List<GroundTruth> objects, long seed) {
        List<Region> positive = new ArrayList<>();
        List<Region> background = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            positive.add(new Region(objects.get(k).box(), objects.get(k).classId(), k));
        }
        for (Box box : proposals) {
            int best = -1;
            double bestIou = 0;
            for (int k = 0; k < objects.size(); k++) {
                double iou = box.iou(objects.get(k).box());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = k;
                }
            }
            if (bestIou >= POSITIVE_IOU) {
                positive.add(new Region(box, objects.get(best).classId(), best));
            } else if (bestIou < BACKGROUND_IOU) {
                background.add(new Region(box, classes, -1));
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Region> out = new ArrayList<>(pick(positive, positives, random));
        out.addAll(pick(background, backgrounds, random));
        return out;
    }

    /** {@code n} of {@code regions} without replacement (a partial Fisher-Yates shuffle), or all of them. */
    private static List<Region> pick(List<Region> regions, int n, SplittableRandom random) {
        List<Region> copy = new ArrayList<>(regions);
        int take = Math.min(n, copy.size());
        for (int i = 0; i < take; i++) {
            int j = random.nextInt(i, copy.size());
            Region swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return copy.subList(0, take);
    }
}
