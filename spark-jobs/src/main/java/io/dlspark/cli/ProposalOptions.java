package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.detect.rcnn.ProposalSettings;
import picocli.CommandLine.Option;

import java.util.List;

/** The R-CNN's sliding-window proposal options, shared by {@code ingest --dataset rcnn-regions} and {@code rcnn}. */
final class ProposalOptions {
    private static final String PREFIX = "rcnn.";

    @Option(names = "--window-sizes", split = ",", paramLabel = "PX,...",
        description = "R-CNN: proposal window sides (of a square of the same area).")
    List<Integer> windowSizes = List.of(16, 24, 32, 40, 48, 64);

    @Option(names = "--aspect-ratios", split = ",", paramLabel = "R,...",
        description = "R-CNN: proposal aspect ratios (width / height).")
    List<Double> aspectRatios = List.of(0.5, 1.0, 2.0);

    @Option(names = "--stride", paramLabel = "PX", description = "R-CNN: proposal window stride.")
    int stride = 8;

    @Option(names = "--min-contrast", paramLabel = "V",
        description = "R-CNN: keep windows whose mean pixel exceeds the image's median by V (0 keeps all).")
    double minContrast = 16;

    /** The settings; an invalid one fails naming its option. */
    ProposalSettings settings() {
        try {
            return new ProposalSettings(windowSizes, aspectRatios, stride, minContrast);
        } catch (UsageException e) {
            throw new UsageException(e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(PREFIX), "--"));
        }
    }
}
