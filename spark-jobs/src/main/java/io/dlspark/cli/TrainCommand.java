package io.dlspark.cli;

import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainRequest;
import io.dlspark.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark train}: parameter-averaging training on Spark, with checkpoints, resume and a model artifact. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Train a model on shards by parameter averaging across Spark workers.")
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Shard set written by dlspark ingest.")
    String data;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model: mlp or lenet.")
    String model;

    @Option(names = "--epochs", description = "Passes over the training split.")
    int epochs = 1;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact folder (model.zip, manifest.json, metrics.jsonl, checkpoints/).")
    String output;

    @Option(names = "--workers", paramLabel = "W", description = "Worker tasks per round; default: the cluster's default parallelism.")
    Integer workers;

    @Option(names = "--batch-size", paramLabel = "B", description = "Minibatch size per worker.")
    int batchSize = 64;

    @Option(names = "--averaging-frequency", paramLabel = "K", description = "Minibatches per worker between averagings.")
    int averagingFrequency = 5;

    @Option(names = "--tree-depth", paramLabel = "D", description = "Depth of the tree aggregation of worker states.")
    int treeDepth = 2;

    @Option(names = "--optimizer", description = "adam, sgd or nesterov.")
    String optimizer = "adam";

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Learning rate.")
    double learningRate = 1e-3;

    @Option(names = "--seed", description = "Seed of initialisation, data layout and minibatch order.")
    long seed = 42;

    @Option(names = "--threads-per-worker", paramLabel = "T", description = "ND4J native threads per worker task.")
    int threadsPerWorker = 1;

    @Option(names = "--round-timeout", paramLabel = "SECONDS", description = "Fail when a round takes longer (0: no limit).")
    long roundTimeout = 0;

    @Option(names = "--checkpoint-every-rounds", paramLabel = "N", description = "Also checkpoint every N rounds (0: at epoch ends only).")
    int checkpointEveryRounds = 0;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --output.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing --output.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        TrainRequest request = new TrainRequest(data, model, epochs, output, workers,
            new TrainRequest.TrainingSettingsInput(batchSize, averagingFrequency, treeDepth, seed, roundTimeout, threadsPerWorker),
            new OptimizerConfig(optimizer, learningRate), resume, overwrite, checkpointEveryRounds);
        try (SparkSessions.Handle spark = root.spark("train")) {
            TrainResult result = new TrainJob(spark.session(), spec.commandLine().getOut()).run(request);
            spec.commandLine().getOut().println("model artifact: " + result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
