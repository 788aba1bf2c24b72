package io.dlspark.pipeline;

import io.dlspark.core.config.Params;
import io.dlspark.core.UsageException;
import io.dlspark.core.model.ModelCatalog;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.preflight.Preflight;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainRequest;
import io.dlspark.train.TrainResult;

import java.util.List;
import java.util.Locale;

/**
 * {@code train { model, epochs, workers, batch-size, averaging-frequency, tree-depth, optimizer, learning-rate, seed,
 * threads-per-worker, round-timeout-seconds, checkpoint-every-rounds }}: like {@code dlspark train --resume}, so a
 * re-run continues from the newest checkpoint of the run's model folder. Before the first training job it checks the
 * executors' memory overhead against the model's estimated needs.
 */
final class TrainStage implements PipelineStage {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public List<String> inputs() {
        return List.of("ingest");
    }

    @Override
    public StageTask configure(Params block) {
        String model = block.string("model");
        int epochs = block.integer("epochs", 1, 1, 100_000);
        Integer workers = block.has("workers") ? block.integer("workers", 1, 100_000) : null;
        TrainRequest.TrainingSettingsInput settings = new TrainRequest.TrainingSettingsInput(
            block.integer("batch-size", 64, 1, 1_000_000),
            block.integer("averaging-frequency", 5, 1, 1_000_000),
            block.integer("tree-depth", 2, 1, 16),
            block.has("seed") ? block.longValue("seed") : 42,
            block.integer("round-timeout-seconds", 0, 0, 7 * 86_400),
            block.integer("threads-per-worker", 1, 1, 1024));
        OptimizerConfig optimizer = new OptimizerConfig(block.string("optimizer", "adam"),
            block.number("learning-rate", 1e-3, 0.0, 10.0));
        int checkpointEvery = block.integer("checkpoint-every-rounds", 0, 0, 1_000_000);
        try {
            ModelCatalog.resolve(model);
        } catch (UsageException e) {
            throw new UsageException(block.key("model") + ": " + e.getMessage());
        }
        return new StageTask() {
            @Override
            public String run(StageContext context) throws java.io.IOException {
                String shards = context.layout().shards(context.stages()).toString();
                TrainRequest request = new TrainRequest(shards, model, epochs, context.layout().output(name()).toString(),
                    workers, settings, optimizer, true, false, checkpointEvery);
                Preflight.trainingMemory(context.spark(), request);
                TrainResult result = new TrainJob(context.spark(), context.console()).run(request);
                return String.format(Locale.ROOT, "model %s, %d epochs run in this attempt, artifact %s", model,
                    result.epochs().size(), result.output());
            }

            @Override
            public Integer workers() {
                return workers;
            }
        };
    }
}
