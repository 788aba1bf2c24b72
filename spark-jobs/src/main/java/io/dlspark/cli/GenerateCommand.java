package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.jobs.inference.GenerateJob;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark generate}: a PNG grid of samples (or VAE reconstructions, or a latent traversal). */
@Command(name = "generate", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Write a PNG grid of images from a generative model artifact (gan-mlp, dcgan, vae-mlp).")
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "URI", description = "Generative model artifact written by dlspark train.")
    String model;

    @Option(names = "--count", paramLabel = "N", description = "Images in the grid (reconstruct: originals plus reconstructions).")
    int count = 64;

    @Option(names = "--output", required = true, paramLabel = "PNG", description = "Where to write the grid.")
    String output;

    @Option(names = "--seed", description = "Seed of the latent codes.")
    long seed = 42;

    @Option(names = "--reconstruct", description = "VAE: test images of --data next to their reconstructions.")
    boolean reconstruct;

    @Option(names = "--traverse", description = "VAE: a grid over the first two latent dimensions.")
    boolean traverse;

    @Option(names = "--data", paramLabel = "URI", description = "Shard set whose test images --reconstruct uses.")
    String data;

    @Override
    public Integer call() throws Exception {
        if (reconstruct && traverse) {
            throw new UsageException("--reconstruct and --traverse exclude each other");
        }
        GenerateJob.Mode mode = reconstruct ? GenerateJob.Mode.RECONSTRUCT
            : traverse ? GenerateJob.Mode.TRAVERSE : GenerateJob.Mode.SAMPLES;
        try (SparkSessions.Handle spark = root.spark("generate")) {
            int[] size = new GenerateJob(spark.session()).run(model, mode, count, output, seed, data);
            spec.commandLine().getOut().printf("wrote %s (%dx%d)%n", output, size[0], size[1]);
        }
        return DlsparkCli.EXIT_OK;
    }
}
