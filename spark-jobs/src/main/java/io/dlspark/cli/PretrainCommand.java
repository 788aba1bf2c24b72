package io.dlspark.cli;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.PretrainJob;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import io.dlspark.train.TrainingConfig.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dlspark pretrain}: masked-language-model pretraining of a transformer encoder on text shards. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Pretrain a transformer encoder on a text shard set (with its vocab.txt) by parameter averaging.")
final class PretrainCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--objective", paramLabel = "mlm", description = "Pretraining objective: mlm (BERT's masked language model).")
    String objective = PretrainJob.MLM;

    @Option(names = "--data", required = true, paramLabel = "URI",
        description = "Text shard set written by dlspark ingest, with the vocab.txt of dlspark vocab beside it.")
    String data;

    @Option(names = "--model", required = true, paramLabel = "NAME|FILE", description = "A transformer spec (bert-tiny, bert-mini or a file).")
    String model;

    @Option(names = "--epochs", description = "Passes over the training split.")
    int epochs = Setting.EPOCHS.defaultValue();

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact folder (model.zip, manifest.json, metrics.jsonl, checkpoints/).")
    String output;

    @Mixin
    MasterOptions master;

    @Mixin
    EpochSelectionOptions epochSelection;

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

    @Override
    public Integer call() throws Exception {
        TrainingConfig request = master.applyTo(TrainingConfig.builder()).data(data).model(model).output(output)
            .epochs(epochs).batchSize(batchSize).learningRateScaling(LearningRateScaling.NONE)
            .optimizer(optimizer == null && learningRate == null ? null
                : ModelCatalog.resolveAny(model, Map.of()).optimizer().override(optimizer, learningRate))
            .resume(resume).overwrite(overwrite).checkpointEveryRounds(checkpointEveryRounds)
            .selection(epochSelection.selection()).build();
        try (SparkSessions.Handle spark = root.spark("pretrain")) {
            TrainResult result = new PretrainJob(new TrainJob(spark.session(), spec.commandLine().getOut()))
                .run(request, objective, stats -> { });
            spec.commandLine().getOut().println("model artifact: " + result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
