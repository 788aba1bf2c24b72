package io.dlspark.cli;

import io.dlspark.jobs.inference.RcnnAssembleJob;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark rcnn}: an R-CNN artifact from a region classifier and the scenes its box regressor is fitted on. */
@Command(name = "rcnn", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Make an R-CNN detector from a region classifier (trained on ingest --dataset rcnn-regions): fits "
        + "the per-class box regression and records the proposal settings; evaluate and detect take the result.")
final class RcnnCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "URI",
        description = "Region classifier artifact (dlspark train on rcnn-regions shards).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "The detection shards of the scenes.")
    String data;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "The R-CNN artifact to write.")
    String output;

    @picocli.CommandLine.Mixin
    ProposalOptions proposals = new ProposalOptions();

    @Option(names = "--regression-images", paramLabel = "N",
        description = "Training scenes (the first by record id) the box regressor is fitted on, on the driver.")
    int regressionImages = 1000;

    @Option(names = "--ridge", paramLabel = "L", description = "Ridge penalty of the box regressor.")
    double ridge = 1.0;

    @Option(names = "--min-score", paramLabel = "P", description = "Class probability below which a region is dropped.")
    double minScore = 0.05;

    @Option(names = "--nms", paramLabel = "IOU", description = "Per-class non-maximum suppression IoU threshold.")
    double nms = 0.3;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        RcnnAssembleJob.Request request = new RcnnAssembleJob.Request(model, data, output, proposals.settings(),
            regressionImages, ridge, minScore, nms, overwrite);
        try (SparkSessions.Handle spark = root.spark("rcnn")) {
            RcnnAssembleJob.Result result = new RcnnAssembleJob(spark.session()).run(request);
            spec.commandLine().getOut().printf("R-CNN with a box regressor fitted on %d proposals -> %s%n",
                result.samples(), result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
