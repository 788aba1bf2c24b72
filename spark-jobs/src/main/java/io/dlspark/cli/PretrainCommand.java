package io.dlspark.cli;

import io.dlspark.spark.SparkSessions;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.PretrainJob;
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

    @Option(names = "--init-from", paramLabel = "URI", description = "Continue from this pretrain artifact: its weights, "
        + "and its vocab.txt instead of the shard set's (--model must be its model).")
    String initFrom;

    @Mixin
    RunOptions run;

    @Mixin
    MasterOptions master;

    @Mixin
    EpochSelectionOptions epochSelection;

    @Override
    public Integer call() throws Exception {
        TrainingConfig request = run.applyTo(master.applyTo(TrainingConfig.builder()))
            .learningRateScaling(LearningRateScaling.NONE).selection(epochSelection.selection()).build();
        try (SparkSessions.Handle spark = root.spark("pretrain")) {
            TrainResult result = new PretrainJob(new TrainJob(spark.session(), spec.commandLine().getOut()))
                .run(request, objective, initFrom, stats -> { });
            spec.commandLine().getOut().println("model artifact: " + result.output());
        }
        return DlsparkCli.EXIT_OK;
    }
}
