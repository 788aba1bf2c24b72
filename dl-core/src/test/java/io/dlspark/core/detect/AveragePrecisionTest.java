package io.dlspark.core.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VOC and COCO AP on a two-class, two-image example computed by hand.
 *
 * <pre>
 * Image A: cat G1 [0,0,10,10]; dog G2 [20,20,30,30].
 * Image B: cat G3 [0,0,10,10]; cat G4 [50,50,60,60] marked difficult.
 * Cat detections (score order):
 *   d1 A 0.9 [0,1,10,11]   IoU(G1) = 90/110 = 0.818
 *   d2 B 0.8 [30,30,40,40] no overlap
 *   d3 A 0.7 [0,0,10,10]   IoU(G1) = 1
 *   d4 B 0.6 [0,0,10,12]   IoU(G3) = 100/120 = 0.833
 *   d5 B 0.5 [50,50,60,60] IoU(G4, difficult) = 1
 * Dog detections:
 *   e1 B 0.95 [20,20,30,30] image B has no dog
 *   e2 A 0.85 [22,20,32,30] IoU(G2) = 80/120 = 0.667
 * Positives (not difficult): cat 2 (G1, G3), dog 1 (G2).
 * </pre>
 */
class AveragePrecisionTest {
    private static final Box G1 = new Box(0, 0, 10, 10);

    static List<ImageBoxes> twoClassExample() {
        ImageBoxes a = new ImageBoxes(
            List.of(new GroundTruth(G1, 0), new GroundTruth(new Box(20, 20, 30, 30), 1)),
            List.of(new Detection(new Box(0, 1, 10, 11), 0, 0.9),
                new Detection(new Box(0, 0, 10, 10), 0, 0.7),
                new Detection(new Box(22, 20, 32, 30), 1, 0.85)));
        ImageBoxes b = new ImageBoxes(
            List.of(new GroundTruth(new Box(0, 0, 10, 10), 0),
                new GroundTruth(new Box(50, 50, 60, 60), 0, true)),
            List.of(new Detection(new Box(30, 30, 40, 40), 0, 0.8),
                new Detection(new Box(0, 0, 10, 12), 0, 0.6),
                new Detection(new Box(50, 50, 60, 60), 0, 0.5),
                new Detection(new Box(20, 20, 30, 30), 1, 0.95)));
        return List.of(a, b);
    }

    /*
     * VOC, cat: d1 TP (0.818 >= 0.5 on G1), d2 FP, d3 FP (its best overlap G1 is already taken), d4 TP,
     * d5 ignored (difficult). precision 1, 1/2, 1/3, 2/4; recall .5, .5, .5, 1; envelope 1, .5, .5, .5.
     * AP = (0.5 - 0) * 1 + (1 - 0.5) * 0.5 = 0.75.
     * VOC, dog: e1 FP, e2 TP. precision 0, 1/2; recall 0, 1; envelope .5, .5. AP = 1 * 0.5 = 0.5.
     * mAP@0.5 = (0.75 + 0.5) / 2 = 0.625.
     */
    @Test
    void vocMatchesHandComputedExample() {
        ApScores scores = new VocAveragePrecision().evaluate(twoClassExample(), 2);
        assertEquals(0.75, scores.ap(0), 1e-12);
        assertEquals(0.5, scores.ap(1), 1e-12);
        assertEquals(0.625, scores.mean(), 1e-12);
    }

    /*
     * COCO, cat. Thresholds 0.50..0.80 (7 of them): d1 takes G1 (image A is matched in score order), d2 FP,
     * d3 FP (G1 taken), d4 TP, d5 ignored: the VOC curve again. Recall points r = 0..0.50 (51 points) read
     * the envelope at rank 0 (recall .5 >= r): 1; r = 0.51..1 (50 points) read rank 3: 0.5.
     * AP = (51 * 1 + 50 * 0.5) / 101 = 76/101.
     * Thresholds 0.85, 0.90, 0.95: d1 misses (0.818), d2 FP, d3 takes G1 (IoU 1), d4 misses (0.833), d5 ignored.
     * precision 0, 0, 1/3, 1/4; recall 0, 0, .5, .5; envelope 1/3, 1/3, 1/3, 1/4. r = 0 reads rank 0,
     * r = 0.01..0.50 read rank 2, both 1/3 (51 points); r > 0.5 is never reached: 0. AP = 51/3/101 = 17/101.
     * Cat over the ten thresholds: (7 * 76 + 3 * 17) / 1010 = 583/1010.
     * COCO, dog. Thresholds 0.50..0.65 (4): e1 FP, e2 TP (0.667); envelope .5, .5 at every recall point: 0.5.
     * Thresholds 0.70..0.95 (6): both FP: 0. Dog: 4 * 0.5 / 10 = 0.2 = 202/1010.
     * mAP@[0.5:0.95] = (583/1010 + 202/1010) / 2 = 785/2020.
     */
    @Test
    void cocoMatchesHandComputedExample() {
        CocoScores scores = new CocoAveragePrecision().evaluate(twoClassExample(), 2);
        assertEquals(583.0 / 1010, scores.averaged().ap(0), 1e-12);
        assertEquals(0.2, scores.averaged().ap(1), 1e-12);
        assertEquals(785.0 / 2020, scores.map(), 1e-12);
        assertEquals(76.0 / 101, scores.at(0.5).ap(0), 1e-12);
        assertEquals(76.0 / 101, scores.at(0.8).ap(0), 1e-12);
        assertEquals(17.0 / 101, scores.at(0.85).ap(0), 1e-12);
        assertEquals(0.5, scores.at(0.65).ap(1), 1e-12);
        assertEquals(0.0, scores.at(0.7).ap(1), 1e-12);
        assertEquals((76.0 / 101 + 0.5) / 2, scores.at(0.5).mean(), 1e-12);
    }

    @Test
    void cocoThresholdsAreTheTenFromHalfTo95() {
        double[] t = CocoAveragePrecision.iouThresholds();
        assertEquals(10, t.length);
        for (int i = 0; i < 10; i++) {
            assertEquals(0.5 + 0.05 * i, t[i], 1e-12);
        }
        assertEquals(0.95, t[9], 0);
    }

    /*
     * One image, objects A [0,0,10,10] and B [0,2,10,12]. det1 [0,0,10,10] (0.9) takes A. det2 [0,0,10,11] (0.8)
     * overlaps A by 100/110 = 0.909 and B by 90/120 = 0.75. VOC compares det2 with its best overlap A only, which
     * is taken: FP; precision 1, 1/2, recall .5, .5: AP 0.5. COCO skips the taken A and matches B: two TPs, AP 1 at
     * thresholds up to 0.75 (six of them). Above, det2 misses B: precision 1, 1/2, recall .5, .5, so recall points
     * 0..0.50 (51) read 1 and the rest 0: AP 51/101.
     */
    @Test
    void vocJudgesTheBestOverlapWhileCocoMovesToTheNextObject() {
        List<ImageBoxes> images = List.of(new ImageBoxes(
            List.of(new GroundTruth(G1, 0), new GroundTruth(new Box(0, 2, 10, 12), 0)),
            List.of(new Detection(G1, 0, 0.9), new Detection(new Box(0, 0, 10, 11), 0, 0.8))));
        assertEquals(0.5, new VocAveragePrecision().evaluate(images, 1).mean(), 1e-12);
        CocoScores coco = new CocoAveragePrecision().evaluate(images, 1);
        assertEquals(1.0, coco.at(0.75).mean(), 1e-12);
        assertEquals(51.0 / 101, coco.at(0.8).mean(), 1e-12);
        assertEquals((6 * 1.0 + 4 * 51.0 / 101) / 10, coco.map(), 1e-12);
    }

    @Test
    void classWithoutGroundTruthIsLeftOutOfTheMean() {
        List<ImageBoxes> images = List.of(new ImageBoxes(List.of(new GroundTruth(G1, 0)),
            List.of(new Detection(G1, 0, 0.9), new Detection(G1, 2, 0.8))));
        ApScores voc = new VocAveragePrecision().evaluate(images, 3);
        assertEquals(1.0, voc.ap(0), 0);
        assertTrue(Double.isNaN(voc.ap(1)));
        assertTrue(Double.isNaN(voc.ap(2)));
        assertEquals(1.0, voc.mean(), 0);
        CocoScores coco = new CocoAveragePrecision().evaluate(images, 3);
        assertTrue(Double.isNaN(coco.averaged().ap(2)));
        assertEquals(1.0, coco.map(), 0);
    }

    @Test
    void noDetectionsGiveZeroAndNoGroundTruthGivesNaN() {
        List<ImageBoxes> misses = List.of(new ImageBoxes(List.of(new GroundTruth(G1, 0)), List.of()));
        assertEquals(0.0, new VocAveragePrecision().evaluate(misses, 1).mean(), 0);
        assertEquals(0.0, new CocoAveragePrecision().evaluate(misses, 1).map(), 0);
        List<ImageBoxes> empty = List.of(new ImageBoxes(List.of(), List.of(new Detection(G1, 0, 0.3))));
        assertTrue(Double.isNaN(new VocAveragePrecision().evaluate(empty, 1).mean()));
        assertTrue(Double.isNaN(new CocoAveragePrecision().evaluate(empty, 1).map()));
        assertTrue(Double.isNaN(new VocAveragePrecision().evaluate(List.of(), 1).mean()));
    }

    /*
     * Equal scores rank by image index, then by position in the image's list. A false positive in image 0 and a
     * true positive in image 1, both 0.5: FP first, precision 0, 1/2, recall 0, 1: VOC AP 0.5. With the images
     * swapped the true positive comes first: AP 1.
     */
    @Test
    void scoreTiesBreakByImageThenPosition() {
        ImageBoxes miss = new ImageBoxes(List.of(), List.of(new Detection(G1, 0, 0.5)));
        ImageBoxes hit = new ImageBoxes(List.of(new GroundTruth(G1, 0)), List.of(new Detection(G1, 0, 0.5)));
        assertEquals(0.5, new VocAveragePrecision().evaluate(List.of(miss, hit), 1).mean(), 1e-12);
        assertEquals(1.0, new VocAveragePrecision().evaluate(List.of(hit, miss), 1).mean(), 1e-12);
        assertEquals(0.5, new CocoAveragePrecision().evaluate(List.of(miss, hit), 1).map(), 1e-12);
        // within one image: the first listed of two equal-score duplicates takes the object, the second is FP
        ImageBoxes duplicates = new ImageBoxes(List.of(new GroundTruth(G1, 0)),
            List.of(new Detection(new Box(30, 30, 40, 40), 0, 0.5), new Detection(G1, 0, 0.5)));
        assertEquals(0.5, new VocAveragePrecision().evaluate(List.of(duplicates), 1).mean(), 1e-12);
    }

    @Test
    void cocoKeepsTheBestHundredDetectionsPerImage() {
        // 100 false positives outscore the one true positive: with the cap it is never seen
        List<Detection> detections = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            detections.add(new Detection(new Box(50, 50, 60, 60), 0, 0.9));
        }
        detections.add(new Detection(G1, 0, 0.1));
        List<ImageBoxes> images = List.of(new ImageBoxes(List.of(new GroundTruth(G1, 0)), detections));
        assertEquals(0.0, new CocoAveragePrecision().evaluate(images, 1).map(), 0);
        assertEquals(1.0 / 101, new CocoAveragePrecision(101).evaluate(images, 1).map(), 1e-12);
    }

    @Test
    void rejectsClassesBeyondTheCount() {
        List<ImageBoxes> images = List.of(new ImageBoxes(List.of(new GroundTruth(G1, 3)), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new VocAveragePrecision().evaluate(images, 2));
        assertTrue(e.getMessage().contains("image 0"), e.getMessage());
    }
}
