package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.TransformerFamily;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.transfer.TransferSettings;
import io.dlspark.jobs.inference.FeatureJob;
import io.dlspark.spark.SparkSessions;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import io.dlspark.train.TransferJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code dlspark transfer}: fine-tunes a saved model (dlspark artifact or Keras HDF5) on new data. */
@Command(name = "transfer", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Fine-tune a saved model on new shards: freeze its lower layers, replace its head, train the rest "
        + "by parameter averaging.")
final class TransferCommand implements Callable<Integer> {
    /** The options that set the fine-tuning optimizer, named in its errors. */
    static final OptimizerConfig.Options FINE_TUNE_OPTIONS = new OptimizerConfig.Options("--optimizer", "--fine-tune-lr");

    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "URI",
        description = "Base model: a dlspark model artifact folder (a pretrain artifact: its encoder is fine-tuned whole "
            + "with a new classification head), or a Keras .h5/.hdf5 file.")
    String base;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Shard set of the new task.")
    String data;

    @Option(names = "--output", required = true, paramLabel = "URI",
        description = "Artifact folder of the fine-tuned model (with --features-only: the feature shard set).")
    String output;

    @Option(names = "--freeze-through", paramLabel = "LAYER",
        description = "Last layer to freeze, by name or index; default: every layer below the head.")
    String freezeThrough;

    @Option(names = "--replace-head", description = "New output layer for the data's classes (needed when the class count differs).")
    boolean replaceHead;

    @Option(names = "--fine-tune-lr", paramLabel = "LR", description = "Learning rate of the trainable layers.")
    double fineTuneLr = 1e-3;

    @Option(names = "--unfreeze-after-epochs", paramLabel = "E",
        description = "Every E epochs the deepest frozen layer becomes trainable (0: never).")
    int unfreezeAfterEpochs = 0;

    @Option(names = "--input-adapter", paramLabel = "STEPS",
        description = "Adapt the data's records to the base's input shape as minibatches are built: comma-separated "
            + "resize (bilinear, to the base's height and width), grey-to-rgb, rgb-to-grey. Without it the shapes must match.")
    String inputAdapter;

    @Option(names = "--pooling", paramLabel = "cls|mean",
        description = "A pretrained encoder's classification head: pool the first position ([CLS], the spec's default) "
            + "or the mean over non-padded positions. Only with a --base written by pretrain.")
    String pooling;

    @Option(names = "--windows", paramLabel = "K",
        description = "A pretrained encoder reads each text as K consecutive windows of its max-length (each attended "
            + "within itself, all mean-pooled; needs --pooling mean), so that text past the first window counts. "
            + "Only with a --base written by pretrain.")
    Integer windows;

    @Option(names = "--features-only",
        description = "Train nothing: write the activations of the frozen layers (--freeze-through, default the layer "
            + "feeding the head) for every split as a feature shard set, for example to train an mlp head on.")
    boolean featuresOnly;

    @Option(names = "--epochs", description = "Passes over the training split.")
    int epochs = 5;  // transfer fine-tunes for more epochs than train's default

    @Mixin
    MasterOptions master;

    @Mixin
    EpochSelectionOptions epochSelection;

    @Option(names = "--batch-size", paramLabel = "B", description = "Minibatch size per worker.")
    int batchSize = 32;  // smaller than train's default: fine-tuning sets are small

    @Option(names = "--optimizer", description = "adam, sgd or nesterov.")
    String optimizer = "adam";

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --output.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing --output.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (pooling != null && !TransformerFamily.POOLINGS.contains(pooling)) {
            throw new UsageException("--pooling: cls or mean, got " + pooling);
        }
        if (pooling != null && featuresOnly) {
            throw new UsageException("--pooling: does not apply to --features-only, which trains no head");
        }
        if (windows != null && featuresOnly) {
            throw new UsageException("--windows: does not apply to --features-only, which trains no head");
        }
        Map<String, Object> head = TransformerFamily.headOverrides(pooling, windows);
        Set<InputAdapter.Step> adapter = inputAdapter == null ? Set.of() : InputAdapter.parseSteps(inputAdapter, "--input-adapter");
        if (featuresOnly) {
            try (SparkSessions.Handle spark = root.spark("transfer features")) {
                ShardManifest features = new FeatureJob(spark.session()).run(
                    new FeatureJob.Request(base, data, output, freezeThrough, adapter, overwrite));
                spec.commandLine().getOut().println("feature shards: " + output + " (" + features.shape().width()
                    + " features per record)");
            }
            return DlsparkCli.EXIT_OK;
        }
        OptimizerConfig fineTune = OptimizerConfig.of(optimizer, fineTuneLr, FINE_TUNE_OPTIONS);
        TrainingConfig train = master.applyTo(TrainingConfig.builder()).data(data).model(base).output(output)
            .epochs(epochs).batchSize(batchSize).optimizer(fineTune).resume(resume).overwrite(overwrite)
            .selection(epochSelection.selection())
            .modelOverrides(head).build();
        TransferJob.Request request = new TransferJob.Request(base,
            new TransferSettings(freezeThrough, replaceHead, fineTune, unfreezeAfterEpochs, master.seed), train, adapter);
        try (SparkSessions.Handle spark = root.spark("transfer")) {
            TrainResult result = new TransferJob(spark.session(), spec.commandLine().getOut()).run(request);
            spec.commandLine().getOut().println("model artifact: " + result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
