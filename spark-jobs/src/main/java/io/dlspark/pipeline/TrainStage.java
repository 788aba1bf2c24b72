package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.engine.RoundExchange;
import io.dlspark.preflight.Preflight;
import io.dlspark.train.EpochSelection;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.ModelSource;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainRequest;
import io.dlspark.train.TrainResult;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code train { model, epochs, workers, batch-size, averaging-frequency, tree-depth, optimizer, learning-rate, seed,
 * threads-per-worker, round-timeout-seconds, checkpoint-every-rounds, exchange, lr-scaling, keep-best, patience }}: like {@code dlspark train --resume} on the
 * augment stage's shards when it is listed, else ingest's, so a re-run continues from the newest checkpoint of the
 * run's model folder. When the pipeline lists {@code tune}, the model (with the best trial's model keys), optimizer,
 * learning rate and batch size are the tune stage's ({@link TunedTraining}) and may not be set here. Before the first
 * training job it checks the executors' memory overhead against the model's estimated needs.
 */
final class TrainStage implements PipelineStage {
    /** The keys the tune stage's best configuration sets. */
    static final List<String> TUNED_KEYS = List.of("model", "optimizer", "learning-rate", "batch-size");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public List<String> inputs() {
        return List.of("ingest");
    }

    @Override
    public StageTask configure(Params block, List<String> stages) {
        boolean tuned = stages.contains("tune");
        if (tuned) {
            for (String key : TUNED_KEYS) {
                if (block.has(key)) {
                    throw new UsageException(block.key(key) + ": set by the tune stage (its best trial's configuration, "
                        + "tune/" + TunedTraining.FILE + ") because pipeline.stages lists tune; remove it here");
                }
            }
        }
        String model = tuned ? null : block.string("model");
        if (model != null) {
            try {
                ModelCatalog.resolve(model);
            } catch (UsageException e) {
                throw new UsageException(block.key("model") + ": " + e.getMessage());
            }
        }
        int batchSize = tuned ? 0 : block.integer("batch-size", 64, 1, 1_000_000);
        OptimizerConfig optimizer = tuned ? null : new OptimizerConfig(block.string("optimizer", "adam"),
            block.number("learning-rate", 1e-3, 0.0, 10.0));
        int epochs = block.integer("epochs", 1, 1, 100_000);
        Integer workers = block.has("workers") ? block.integer("workers", 1, 100_000) : null;
        int averagingFrequency = block.integer("averaging-frequency", 5, 1, 1_000_000);
        int treeDepth = block.integer("tree-depth", 2, 1, 16);
        long seed = block.has("seed") ? block.longValue("seed") : 42;
        int roundTimeout = block.integer("round-timeout-seconds", 0, 0, 7 * 86_400);
        int threads = block.integer("threads-per-worker", 1, 1, 1024);
        int checkpointEvery = block.integer("checkpoint-every-rounds", 0, 0, 1_000_000);
        RoundExchange exchange = RoundExchange.parse(block.string("exchange", RoundExchange.JOBS.option()), block.key("exchange"));
        LearningRateScaling lrScaling = LearningRateScaling.parse(
            block.string("lr-scaling", LearningRateScaling.NONE.option()), block.key("lr-scaling"));
        EpochSelection selection = EpochSelection.parse(block.string("keep-best", "last"),
            block.integer("patience", 0, 0, 100_000), block.key("keep-best"), block.key("patience"));
        return new StageTask() {
            @Override
            public String run(StageContext context) throws IOException {
                String shards = context.layout().shards(context.stages()).toString();
                String output = context.layout().output(name()).toString();
                if (!tuned) {
                    TrainRequest request = new TrainRequest(shards, model, epochs, output, workers, settings(batchSize),
                        optimizer, true, false, checkpointEvery).withSelection(selection);
                    Preflight.trainingMemory(context.spark(), request);
                    return summary(model, new TrainJob(context.spark(), context.console()).run(request));
                }
                TunedTraining best = TunedTraining.read(context.layout(), context.spark().sparkContext().hadoopConfiguration());
                ModelSpec spec = best.spec();
                TrainRequest request = new TrainRequest(shards, best.model(), epochs, output, workers,
                    settings(best.batchSize()), best.optimizerConfig(), true, false, checkpointEvery).withSelection(selection);
                Preflight.trainingMemory(context.spark(), request, spec);
                TrainResult result = new TrainJob(context.spark(), context.console())
                    .run(request, ModelSource.of(spec, best.optimizerConfig()), stats -> { });
                return summary(best.model(), result) + "; tuned by " + best.describe();
            }

            private TrainRequest.TrainingSettingsInput settings(int batch) {
                return new TrainRequest.TrainingSettingsInput(batch, averagingFrequency, treeDepth, seed, roundTimeout,
                    threads, exchange, lrScaling);
            }

            @Override
            public Integer workers() {
                return workers;
            }
        };
    }

    private static String summary(String model, TrainResult result) {
        return String.format(Locale.ROOT, "model %s, %d epochs run in this attempt, artifact %s", model,
            result.epochs().size(), result.output());
    }
}
