package io.dlspark.cli;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.train.GradientCheck;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.LearningRateScaling;
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

    @Option(names = "--model", required = true, paramLabel = "NAME|FILE",
        description = "A model spec name from conf/models (see dlspark models list) or a spec file.")
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

    @Option(names = "--vanishing-fraction", paramLabel = "F",
        description = "Flag layers whose gradient L2 norm is below F times the output layer's.")
    double vanishingFraction = GradientCheck.DEFAULT.vanishingFraction();

    @Option(names = "--exploding-norm", paramLabel = "N", description = "Flag layers whose gradient L2 norm exceeds N.")
    double explodingNorm = GradientCheck.DEFAULT.explodingNorm();

    @Option(names = "--augment", paramLabel = "CONF",
        description = "Augmentation config (conf/augment/*.conf) applied afresh each epoch to the training split.")
    String augment;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --output.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing --output.")
    boolean overwrite;

    @Option(names = "--features", paramLabel = "KIND",
        description = "Text shards: tfidf (vectors) or token-ids (sequences); default: token-ids for models taking tokens (text-cnn), else tfidf.")
    String features;

    @Option(names = "--lr-scaling", paramLabel = "none|linear|sqrt", description = "Multiply the learning rate by the "
        + "worker count (linear) or its square root (sqrt): W workers average steps of W x batch-size records.")
    String learningRateScaling = LearningRateScaling.NONE.option();

    @Override
    public Integer call() throws Exception {
        TrainingConfig request = master.applyTo(TrainingConfig.builder()).data(data).model(model).output(output)
            .epochs(epochs).batchSize(batchSize)
            .learningRateScaling(LearningRateScaling.parse(learningRateScaling, "--lr-scaling"))
            .optimizer(optimizer == null && learningRate == null ? null
                : ModelCatalog.resolveAny(model, Map.of()).optimizer().override(optimizer, learningRate))
            .resume(resume).overwrite(overwrite).checkpointEveryRounds(checkpointEveryRounds).augment(augment)
            .features(features == null ? null : TextFeatureKind.parse(features, "--features"))
            .selection(epochSelection.selection()).build();
        GradientCheck gradientCheck = new GradientCheck(vanishingFraction, explodingNorm);
        try (SparkSessions.Handle spark = root.spark("train")) {
            TrainResult result = new TrainJob(spark.session(), spec.commandLine().getOut(), gradientCheck).run(request);
            spec.commandLine().getOut().println("model artifact: " + result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
