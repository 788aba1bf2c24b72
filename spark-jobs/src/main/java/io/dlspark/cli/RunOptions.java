package io.dlspark.cli;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.train.TrainingConfig;
import io.dlspark.train.TrainingConfig.Setting;
import picocli.CommandLine.Option;

import java.util.Map;

/** The options of a training run that {@code train} and {@code pretrain} share: data, model, output and the loop's settings. */
final class RunOptions {
    @Option(names = "--data", required = true, paramLabel = "URI", description = "Shard set written by dlspark ingest.")
    String data;

    @Option(names = "--model", required = true, paramLabel = "NAME|FILE",
        description = "A model spec name from conf/models (see dlspark models list) or a spec file.")
    String model;

    @Option(names = "--epochs", description = "Passes over the training split.")
    int epochs = Setting.EPOCHS.defaultValue();

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact folder (model.zip, manifest.json, metrics.jsonl, checkpoints/).")
    String output;

    @Option(names = "--batch-size", paramLabel = "B", description = "Minibatch size per worker.")
    int batchSize = Setting.BATCH_SIZE.defaultValue();

    @Option(names = "--optimizer", description = "sgd, nesterov, adam, adamw or rmsprop; default: the model spec's.")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Learning rate; default: the model spec's.")
    Double learningRate;

    @Option(names = "--checkpoint-every-rounds", paramLabel = "N", description = "Also checkpoint every N rounds (0: at epoch ends only).")
    int checkpointEveryRounds = Setting.CHECKPOINT_EVERY_ROUNDS.defaultValue();

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --output.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing --output.")
    boolean overwrite;

    /** Sets these options on {@code builder}. */
    TrainingConfig.Builder applyTo(TrainingConfig.Builder builder) {
        return builder.data(data).model(model).output(output).epochs(epochs).batchSize(batchSize)
            .optimizer(optimizer == null && learningRate == null ? null
                : ModelCatalog.resolveAny(model, Map.of()).optimizer().override(optimizer, learningRate))
            .resume(resume).overwrite(overwrite).checkpointEveryRounds(checkpointEveryRounds);
    }
}
