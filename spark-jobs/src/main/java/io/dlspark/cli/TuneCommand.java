package io.dlspark.cli;

import io.dlspark.jobs.tune.TuneJob;
import io.dlspark.jobs.tune.TuneRequest;
import io.dlspark.spark.SparkSessions;
import io.dlspark.tuning.OptimizerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark tune}: hyperparameter search with trials on Spark, early stopping, a ledger and resume. */
@Command(name = "tune", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Search hyperparameters: trials run as Spark jobs, asynchronously, with optional ASHA early stopping.")
final class TuneCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Tuning configuration (HOCON, e.g. conf/tuning/fashion-mnist-mlp.conf).")
    String config;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Shard set written by dlspark ingest, with a validation split.")
    String data;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Search folder: ledger.jsonl, report.md, convergence.png, best.json, best model.")
    String output;

    @Option(names = "--optimizer", paramLabel = "KIND", description = "bayes, random or grid; default: tuning.optimizer.type.")
    String optimizer;

    @Option(names = "--trials", paramLabel = "N", description = "Trial budget; default: tuning.trials.")
    Integer trials;

    @Option(names = "--parallel-trials", paramLabel = "P", description = "Trials running at once, one executor slot each; default: tuning.parallel-trials.")
    Integer parallelTrials;

    @Option(names = "--distributed-trials", description = "Train each trial by parameter averaging over the whole cluster, one trial at a time.")
    boolean distributedTrials;

    @Option(names = "--resume", description = "Continue the search in --output without repeating finished trials.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        TuneRequest request = new TuneRequest(config, data, output,
            optimizer == null ? null : OptimizerSpec.Kind.parse(optimizer, "--optimizer"), trials, parallelTrials,
            distributedTrials, resume);
        TuneJob.SPARK_DEFAULTS.forEach(root.conf::putIfAbsent);
        try (SparkSessions.Handle spark = root.spark("tune")) {
            new TuneJob(spark.session(), spec.commandLine().getOut()).run(request);
        }
        return DlsparkCli.EXIT_OK;
    }
}
