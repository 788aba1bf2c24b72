package io.dlspark.cli;

import io.dlspark.jobs.inference.PredictJob;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark predict}: batch inference of a model artifact over raw emails, text files, images or shards. */
@Command(name = "predict", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Predict labels for raw emails or text files (text models), PNG/JPEG images (image models) or a shard set.")
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "URI", description = "Model artifact folder written by dlspark train.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "URI",
        description = "A shard set, or a file or folder of files: emails (raw or SpamAssassin JSON) for SpamAssassin "
            + "models, UTF-8 text for other text models, PNG/JPEG images (scaled to the input shape) for image models.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "URI",
        description = "Output folder; rows (id, predicted, probabilities, error) go to <output>/data.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "parquet or jsonl.")
    String format = "parquet";

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PredictJob.Format chosen = PredictJob.format(format);
        PredictJob.model(model, input, output, root.hadoopConf());
        try (SparkSessions.Handle spark = root.spark("predict")) {
            PredictJob.Result result = new PredictJob(spark.session()).run(model, input, output, chosen, overwrite);
            spec.commandLine().getOut().printf("predicted %d inputs, %d error rows -> %s%n", result.predicted(),
                result.errors(), result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
