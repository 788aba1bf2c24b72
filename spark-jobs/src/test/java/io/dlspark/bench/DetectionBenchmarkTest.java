package io.dlspark.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detection benchmark's option parsing and its verdicts against issue 21's targets (no Spark run). */
class DetectionBenchmarkTest {
    @Test
    void quickLowersTheDefaultsAndGivenOptionsWin(@TempDir Path dir) throws Exception {
        String boxes = Files.writeString(dir.resolve("boxes.conf"), "augment { records = boxes, ops = [] }").toString();
        DetectionBenchOptions full = DetectionBenchOptions.parse(new String[0]);
        DetectionBenchOptions quick = DetectionBenchOptions.parse(new String[] {"--test-scenes", "40", "--quick",
            "--augment", boxes});
        assertEquals(30_000, full.trainScenes());
        assertEquals(10_000, full.rcnnTrainScenes());
        assertEquals(1_000, quick.rcnnTrainScenes());
        assertFalse(full.quick());
        assertTrue(quick.quick());
        assertEquals(1_000, quick.trainScenes());
        assertEquals(40, quick.testScenes());
        assertTrue(quick.yoloEpochs() < full.yoloEpochs());
        assertEquals(List.of("--model", "yolo-fashion", "--epochs", "2", "--keep-best", "map", "--batch-size", "32",
            "--augment", boxes,
            "--workers", "2", "--threads-per-worker", "1", "--checkpoint-every-rounds", "0", "--seed", "42"),
            quick.yoloTraining());
        assertEquals(8, full.yoloEpochs());
        List<String> yolo = full.yoloTraining();
        assertEquals(DetectionBenchOptions.YOLO_AUGMENT, yolo.get(yolo.indexOf("--augment") + 1));
        assertFalse(DetectionBenchOptions.parse(new String[] {"--augment", "none"}).yoloTraining().contains("--augment"),
            "--augment none trains without augmentation");
        assertEquals(List.of("--model", "resnet8w-regions", "--epochs", "3", "--batch-size", "128",
            "--averaging-frequency", "8", "--lr-scaling", "linear", "--augment", DetectionBenchOptions.RCNN_AUGMENT,
            "--workers", "2", "--threads-per-worker", "1", "--checkpoint-every-rounds", "0", "--seed", "42"),
            full.rcnnTraining());
        assertFalse(DetectionBenchOptions.parse(new String[] {"--rcnn-augment", "none"}).rcnnTraining()
            .contains("--augment"), "--rcnn-augment none trains the region classifier without flips");
        List<String> last = DetectionBenchOptions.parse(new String[] {"--yolo-keep-best", "last"}).yoloTraining();
        assertEquals("last", last.get(last.indexOf("--keep-best") + 1));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> DetectionBenchOptions.parse(new String[] {"--epochs", "3"}));
        assertTrue(unknown.getMessage().startsWith("unknown option --epochs"), unknown.getMessage());
    }

    @Test
    void badOptionsFailNamingThemBeforeAnyStep(@TempDir Path dir) throws Exception {
        assertEquals("--augment " + dir.resolve("missing.conf") + ": no such file (or give none)", message(
            "--augment", dir.resolve("missing.conf").toString()));
        assertEquals("--picture out.jpg: must end in .png", message("--picture", "out.jpg"));
        assertEquals("--rcnn-augment " + dir.resolve("flip.conf") + ": no such file (or give none)", message(
            "--rcnn-augment", dir.resolve("flip.conf").toString()));
        assertEquals("--rcnn-batch-size: must be at least 1, got 0", message("--rcnn-batch-size", "0"));
        assertEquals("--test-scenes: must be at least 1, got 0", message("--quick", "--test-scenes", "0"));
        assertEquals("--rcnn-train-scenes: must be at least 1, got 0", message("--rcnn-train-scenes", "0"));
        assertEquals("--yolo-keep-best: expected map or last, got 'loss'", message("--yolo-keep-best", "loss"));
        assertEquals("--validation-scenes: --yolo-keep-best map picks the epoch on validation scenes, got 0 (or give "
            + "--yolo-keep-best last)", message("--validation-scenes", "0"));
        DetectionBenchOptions.parse(new String[] {"--validation-scenes", "0", "--yolo-keep-best", "last"});
        assertEquals("--rcnn-artifact " + dir + ": not an artifact directory (no manifest.json)",
            message("--rcnn-artifact", dir.toString()));
    }

    @Test
    void givenArtifactsOfBothDetectorsNeedNoTrainingScenes(@TempDir Path dir) throws Exception {
        Path yolo = Files.createDirectories(dir.resolve("yolo"));
        Path rcnn = Files.createDirectories(dir.resolve("rcnn"));
        Files.writeString(yolo.resolve("manifest.json"), "{}");
        Files.writeString(rcnn.resolve("manifest.json"), "{}");
        assertFalse(DetectionBenchOptions.parse(new String[] {"--yolo-artifact", yolo.toString()}).trainsNothing());
        DetectionBenchOptions both = DetectionBenchOptions.parse(new String[] {"--yolo-artifact", yolo.toString(),
            "--rcnn-artifact", rcnn.toString()});
        assertTrue(both.trainsNothing());
        assertEquals(rcnn.toString(), both.rcnnArtifact());
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> DetectionBenchOptions.parse(args)).getMessage();
    }

    @Test
    void theTableMarksEachTargetMetOrMissed() {
        String table = DetectionBenchmark.table(List.of(
            new DetectionBenchmark.Outcome("one-stage", 0.91, 0.6, 100, 300, DetectionBenchmark.YOLO_MAP50_TARGET),
            new DetectionBenchmark.Outcome("R-CNN", 0.69, 0.4, 50, 31, DetectionBenchmark.RCNN_MAP50_TARGET)), 1000);
        String[] lines = table.strip().split("\n");
        assertTrue(lines[2].startsWith("one-stage") && lines[2].endsWith(">= 0.90: met"), lines[2]);
        assertTrue(lines[3].startsWith("R-CNN") && lines[3].endsWith(">= 0.70: missed"), lines[3]);
        assertEquals("images/s ratio, one-stage / R-CNN: 9.7   >= 10: missed", lines[4]);
        String given = DetectionBenchmark.table(List.of(
            new DetectionBenchmark.Outcome("one-stage (given)", 0.91, 0.6, Double.NaN, 300, 0.9),
            new DetectionBenchmark.Outcome("R-CNN", 0.71, 0.4, 50, 30, 0.7)), 1000);
        assertTrue(given.contains(" given "), given);
        assertTrue(given.contains("images/s ratio, one-stage / R-CNN: 10.0   >= 10: met"), given);
    }
}
