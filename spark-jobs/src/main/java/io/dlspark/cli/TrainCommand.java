package io.dlspark.cli;

import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.train.GradientCheck;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    RunOptions run;

    @Mixin
    MasterOptions master;

    @Mixin
    EpochSelectionOptions epochSelection;

    @Option(names = "--vanishing-fraction", paramLabel = "F",
        description = "Flag layers whose gradient L2 norm is below F times the output layer's.")
    double vanishingFraction = GradientCheck.DEFAULT.vanishingFraction();

    @Option(names = "--exploding-norm", paramLabel = "N", description = "Flag layers whose gradient L2 norm exceeds N.")
    double explodingNorm = GradientCheck.DEFAULT.explodingNorm();

    @Option(names = "--augment", paramLabel = "CONF",
        description = "Augmentation config (conf/augment/*.conf) applied afresh each epoch to the training split.")
    String augment;

    @Option(names = "--features", paramLabel = "KIND",
        description = "Text shards: tfidf (vectors), token-ids (sequences) or wordpiece (ids of the vocab.txt that "
            + "dlspark vocab wrote beside the shards, for a transformer encoder trained from scratch); default: "
            + "token-ids for models taking tokens (text-cnn, bert-*), else tfidf.")
    String features;

    @Option(names = "--lr-scaling", paramLabel = "none|linear|sqrt", description = "Multiply the learning rate by the "
        + "worker count (linear) or its square root (sqrt): W workers average steps of W x batch-size records.")
    String learningRateScaling = LearningRateScaling.NONE.option();

    @Override
    public Integer call() throws Exception {
        TrainingConfig request = run.applyTo(master.applyTo(TrainingConfig.builder()))
            .learningRateScaling(LearningRateScaling.parse(learningRateScaling, "--lr-scaling")).augment(augment)
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
