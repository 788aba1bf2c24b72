package io.dlspark.cli;

import io.dlspark.jobs.inference.DetectJob;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark detect}: a detector artifact over detection shards or an image folder, to JSON lines or a PNG. */
@Command(name = "detect", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Find objects with a detector artifact: boxes, classes and scores as JSON lines, or drawn on a PNG.")
final class DetectCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "URI", description = "Detector artifact written by dlspark train.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "URI",
        description = "Detection shards (every split) or a folder of PNG/JPEG images (scaled to the model's input).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE",
        description = "A .jsonl file (one line per image: id and detections) or a .png picture of the first "
            + DetectJob.PICTURE_IMAGES + " images with their boxes.")
    String output;

    @Option(names = "--workers", paramLabel = "W", description = "Tasks; default: the cluster's default parallelism.")
    Integer workers;

    @Option(names = "--min-score", paramLabel = "S",
        description = "Keep only detections scored at least S (objectness x class probability), 0 to 1.")
    double minScore = 0;

    @Option(names = "--tta", paramLabel = "MODE", description = "Test-time augmentation: none, or flip (a one-stage "
        + "detector averages each image's output map with its mirror image's, mapped back, before decoding).")
    String tta = "none";

    @Override
    public Integer call() throws Exception {
        boolean flip = TtaMode.flip(tta);
        try (SparkSessions.Handle spark = root.spark("detect")) {
            DetectJob.Result result = new DetectJob(spark.session()).run(model, input, output, workers,
                minScore, flip);
            spec.commandLine().getOut().printf("%d boxes in %d images, %d unreadable inputs -> %s%n", result.boxes(),
                result.images(), result.errors(), result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
