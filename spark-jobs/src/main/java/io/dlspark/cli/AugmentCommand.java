package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.jobs.augment.AugmentJob;
import io.dlspark.jobs.augment.AugmentPreview;
import io.dlspark.jobs.augment.AugmentResult;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code dlspark augment}: a shard set with augmented copies of the training records, or with {@code --preview} a
 * PNG showing what the pipeline does.
 */
@Command(name = "augment", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = {"Write a shard set with N augmented copies of every training record (validation and test unchanged),",
        "or with --preview a PNG grid: originals in the first column, augmented versions beside them."})
final class AugmentCommand implements Callable<Integer> {
    /** Augmented versions per record in a preview when --copies is not given. */
    static final int PREVIEW_VERSIONS = 7;

    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "URI", description = "Shard set written by dlspark ingest.")
    String input;

    @Option(names = "--config", required = true, paramLabel = "CONF", description = "Augmentation config (conf/augment/*.conf).")
    String config;

    @Option(names = "--output", paramLabel = "URI", description = "Output shard set (not with --preview).")
    String output;

    @Option(names = "--copies", paramLabel = "N",
        description = "Augmented copies per training record; with --preview, augmented versions per row (default "
            + PREVIEW_VERSIONS + ").")
    Integer copies;

    @Option(names = "--seed", description = "Pipeline seed; default: augment.seed of the config.")
    Long seed;

    @Option(names = "--partitions", paramLabel = "P",
        description = "Shard files of the train split; default: one per 10000 records.")
    Integer partitions;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Option(names = "--preview", paramLabel = "PNG", description = "Write a preview PNG instead of a shard set.")
    String preview;

    @Option(names = "--count", paramLabel = "K", description = "Records (rows) in the preview.")
    int count = 16;

    @Override
    public Integer call() throws Exception {
        if (preview != null) {
            if (output != null) {
                throw new UsageException("--preview and --output exclude each other");
            }
            AugmentPreview.Request request = new AugmentPreview.Request(input, config, seed, count,
                copies == null ? PREVIEW_VERSIONS : copies, preview);
            try (SparkSessions.Handle spark = root.spark("augment")) {
                int[] size = new AugmentPreview(spark.session()).write(request);
                spec.commandLine().getOut().printf("preview %dx%d pixels: %d records, %d augmented versions each -> %s%n",
                    size[0], size[1], count, request.versions(), preview);
            }
            return DlsparkCli.EXIT_OK;
        }
        if (output == null || copies == null) {
            throw new UsageException("--output and --copies are required (or --preview for a picture)");
        }
        AugmentJob.Request request = new AugmentJob.Request(input, output, config, copies, seed, partitions, overwrite);
        try (SparkSessions.Handle spark = root.spark("augment")) {
            AugmentResult result = new AugmentJob(spark.session()).run(request);
            spec.commandLine().getOut().println(result.summary());
        }
        return DlsparkCli.EXIT_OK;
    }
}
