package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.inference.DetectionEvaluateJob;
import io.dlspark.jobs.inference.EvaluateJob;
import io.dlspark.jobs.inference.GenerativeEvaluateJob;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark evaluate}: distributed evaluation of a model artifact on one split of a shard set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Evaluate a model artifact on a shard split; prints a table and writes metrics.json.")
final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "URI", description = "Model artifact folder written by dlspark train.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Shard set written by dlspark ingest.")
    String data;

    @Option(names = "--split", description = "train, validation or test.")
    String split = "test";

    @Option(names = "--output", paramLabel = "URI", description = "Where to write metrics.json; default: <model>/metrics-<split>.json (--tta flip: "
        + "metrics-<split>-tta-flip.json; --generative: metrics-generative.json).")
    String output;

    @Option(names = "--workers", paramLabel = "W", description = "Evaluation tasks; default: the cluster's default parallelism.")
    Integer workers;

    @Option(names = "--tta", paramLabel = "MODE", description = "Test-time augmentation: none, or flip (average the "
        + "softmax of each image and its horizontal mirror; convolutional image models and one-stage detectors, whose "
        + "mirrored output map is mapped back before averaging).")
    String tta = "none";

    @Option(names = "--generative", description = "Generative model: domain-classifier FID against the test split, with "
        + "real-vs-real and uniform-noise baselines, class diversity, and a VAE's test ELBO.")
    boolean generative;

    @Option(names = "--classifier", paramLabel = "URI", description = "With --generative: the classifier artifact whose penultimate layer gives the features.")
    String classifier;

    @Option(names = "--count", paramLabel = "N", description = "With --generative: samples (and noise images) to draw.")
    int count = 5000;

    @Option(names = "--seed", description = "With --generative: seed of the samples and noise images.")
    long seed = 42;

    @Override
    public Integer call() throws Exception {
        boolean flip = TtaMode.flip(tta);
        if (generative && flip) {
            throw new UsageException("--tta flip applies to classifiers, not with --generative");
        }
        if (generative) {
            try (SparkSessions.Handle spark = root.spark("evaluate")) {
                GenerativeEvaluateJob.Result result = new GenerativeEvaluateJob(spark.session())
                    .run(model, data, classifier, count, seed, output, workers);
                spec.commandLine().getOut().print(GenerativeEvaluateJob.table(result.report()));
                spec.commandLine().getOut().println("metrics: " + result.output());
            }
            return DlsparkCli.EXIT_OK;
        }
        try (SparkSessions.Handle spark = root.spark("evaluate")) {
            if (DetectionEvaluateJob.isDetector(model, spark.session().sparkContext().hadoopConfiguration())) {
                DetectionEvaluateJob.Result result = new DetectionEvaluateJob(spark.session()).run(model, data,
                    Split.parse(split), output, workers, flip);
                spec.commandLine().getOut().print(result.report().table());
                spec.commandLine().getOut().println("metrics: " + result.output());
                return DlsparkCli.EXIT_OK;
            }
            EvaluateJob.Result result = new EvaluateJob(spark.session(), spec.commandLine().getOut()).run(model, data, Split.parse(split), output, workers,
                flip);
            spec.commandLine().getOut().print(result.table());
            spec.commandLine().getOut().println("metrics: " + result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
