package io.dlspark.core.detect.yolo;

import io.dlspark.core.detect.Box;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * YOLOv2's anchor boxes from data: k-means over the boxes' (width, height) in grid units with the distance
 * 1 - IoU of the two sizes placed on one centre, k-means++ seeding from an explicit seed, means as centroids.
 */
public final class AnchorBoxes {
    private static final int MAX_ITERATIONS = 300;

    private final double[][] sizes;

    private AnchorBoxes(double[][] sizes) {
        this.sizes = sizes;
    }

    /** {@code k} anchors for {@code boxes} (pixels) on {@code grid}, smallest area first. */
    public static AnchorBoxes fit(List<Box> boxes, YoloGrid grid, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("anchor count must be >= 1, got " + k);
        }
        double[][] points = boxes.stream()
            .map(b -> new double[]{b.width() / grid.cellWidth(), b.height() / grid.cellHeight()})
            .toArray(double[][]::new);
        long distinct = Arrays.stream(points).map(p -> p[0] + "x" + p[1]).distinct().count();
        if (distinct < k) {
            throw new IllegalArgumentException(k + " anchors need at least " + k + " distinct box sizes, got "
                + distinct);
        }
        double[][] centroids = seeds(points, k, new SplittableRandom(seed));
        int[] assignment = new int[points.length];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean changed = false;
            for (int i = 0; i < points.length; i++) {
                int nearest = nearest(points[i], centroids);
                changed |= nearest != assignment[i];
                assignment[i] = nearest;
            }
            if (!changed) {
                break;
            }
            centroids = means(points, assignment, centroids);
        }
        Arrays.sort(centroids, Comparator.comparingDouble(c -> c[0] * c[1]));
        return new AnchorBoxes(centroids);
    }

    /** The anchors' (width, height) in grid units. */
    public double[][] sizes() {
        return Arrays.stream(sizes).map(double[]::clone).toArray(double[][]::new);
    }

    /** The anchors as {@code Yolo2OutputLayer}'s bounding-box priors, [k, 2]. */
    public INDArray priors() {
        return Nd4j.create(sizes);
    }

    /** The mean over {@code boxes} of the best IoU with an anchor (sizes on one centre): how well the anchors fit. */
    public double meanIou(List<Box> boxes, YoloGrid grid) {
        return boxes.stream().mapToDouble(b -> {
            double[] p = {b.width() / grid.cellWidth(), b.height() / grid.cellHeight()};
            return Arrays.stream(sizes).mapToDouble(c -> centredIou(p, c)).max().orElse(0);
        }).average().orElse(Double.NaN);
    }

    static double centredIou(double[] a, double[] b) {
        double inter = Math.min(a[0], b[0]) * Math.min(a[1], b[1]);
        return inter / (a[0] * a[1] + b[0] * b[1] - inter);
    }

    /** k-means++: the first centroid uniform, each next one with probability proportional to its squared distance. */
    private static double[][] seeds(double[][] points, int k, SplittableRandom random) {
        double[][] centroids = new double[k][];
        centroids[0] = points[random.nextInt(points.length)].clone();
        double[] weight = new double[points.length];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < points.length; i++) {
                double d = 1 - centredIou(points[i], centroids[nearest(points[i], Arrays.copyOf(centroids, c))]);
                weight[i] = d * d;
                total += weight[i];
            }
            double target = random.nextDouble() * total;
            int chosen = 0;
            for (double sum = weight[0]; sum <= target && chosen < points.length - 1; sum += weight[++chosen]) {
                // walk to the point whose cumulative weight passes the target
            }
            centroids[c] = points[chosen].clone();
        }
        return centroids;
    }

    private static int nearest(double[] point, double[][] centroids) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = 1 - centredIou(point, centroids[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    /** Each centroid the mean of its points; a centroid without points stays where it was. */
    private static double[][] means(double[][] points, int[] assignment, double[][] old) {
        double[][] sum = new double[old.length][2];
        int[] count = new int[old.length];
        for (int i = 0; i < points.length; i++) {
            sum[assignment[i]][0] += points[i][0];
            sum[assignment[i]][1] += points[i][1];
            count[assignment[i]]++;
        }
        double[][] next = new double[old.length][];
        for (int c = 0; c < old.length; c++) {
            next[c] = count[c] == 0 ? old[c] : new double[]{sum[c][0] / count[c], sum[c][1] / count[c]};
        }
        return next;
    }
}
