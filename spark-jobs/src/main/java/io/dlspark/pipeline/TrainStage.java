package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.engine.ExchangePrecision;
import io.dlspark.engine.RoundExchange;
import io.dlspark.train.EpochSelection;
import io.dlspark.train.LearningRateScaling;
import io.dlspark.train.ModelSource;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline's {@code train} block: {@code dlspark train --resume} on the stage's shards, its keys those of
 * {@link TrainingConfig.Setting}; with {@code tune} listed, the model, optimizer and batch size are the best trial's.
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
        RoundExchange exchange = RoundExchange.parse(block.string("exchange", RoundExchange.JOBS.option()),
            block.key("exchange"));
        ExchangePrecision precision = ExchangePrecision.parse(block.string("exchange-precision",
            ExchangePrecision.FP32.option()), block.key("exchange-precision"));
        precision.requireSupportedBy(exchange, block.key("exchange-precision"), block.key("exchange"));
        String model = tuned ? null : block.string("model");
        if (model != null) {
            try {
                ModelCatalog.resolve(model);
            } catch (UsageException e) {
                throw new UsageException(block.key("model") + ": " + e.getMessage());
            }
        }
        OptimizerConfig optimizer = tuned ? null : optimizer(block, model);
        TrainingConfig.Builder builder = TrainingConfig.builder(setting -> block.key(setting.key()))
            .data("<the stage's shards>").model(tuned ? "<the tuned model>" : model).output("<the stage's folder>")
            .optimizer(optimizer).resume(true)
            .exchange(exchange).exchangePrecision(precision)
            .learningRateScaling(LearningRateScaling.parse(
                block.string("lr-scaling", LearningRateScaling.NONE.option()), block.key("lr-scaling")))
            .selection(selection(block, model));
        if (block.has("seed")) {
            builder.seed(block.longValue("seed"));
        }
        for (TrainingConfig.Setting setting : TrainingConfig.Setting.values()) {
            if (setting != TrainingConfig.Setting.PATIENCE && block.has(setting.key())) {
                builder.set(setting, block.integer(setting.key(), Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
        }
        TrainingConfig checked = builder.build();
        return new StageTask() {
            @Override
            public String run(StageContext context) throws IOException {
                TrainingConfig.Builder run = checked.toBuilder().data(context.layout().shards(context.stages()).toString())
                    .output(context.layout().output(name()).toString());
                if (!tuned) {
                    return summary(model, new TrainJob(context.spark(), context.console()).run(run.build()));
                }
                TunedTraining best = TunedTraining.read(context.layout(), context.spark().sparkContext().hadoopConfiguration());
                ModelSpec spec = best.spec();
                TrainingConfig request = run.model(best.model()).batchSize(best.batchSize())
                    .optimizer(best.optimizerConfig()).build();
                TrainResult result = new TrainJob(context.spark(), context.console())
                    .run(request, ModelSource.of(spec, best.optimizerConfig()), stats -> { });
                return summary(best.model(), result) + "; tuned by " + best.describe();
            }

            @Override
            public Integer workers() {
                return checked.workers();
            }
        };
    }

    /**
     * Like {@code dlspark train}: null (the model spec's optimizer, with its schedule and weight decay) unless
     * {@code optimizer} or {@code learning-rate} is set, which then override the spec's.
     */
    static OptimizerConfig optimizer(Params block, String model) {
        if (!block.has("optimizer") && !block.has("learning-rate")) {
            return null;
        }
        return ModelCatalog.resolveAny(model, java.util.Map.of()).optimizer().override(
            block.has("optimizer") ? block.string("optimizer") : null,
            block.has("learning-rate") ? block.number("learning-rate", 0.0, 10.0) : null,
            new OptimizerConfig.Options(block.key("optimizer"), block.key("learning-rate")));
    }

    /**
     * {@code keep-best} and {@code patience}: {@code map} is read but refused, since the stage trains the catalog's
     * supervised networks (or the tuned one), never a detector.
     */
    private static EpochSelection selection(Params block, String model) {
        EpochSelection selection = EpochSelection.parse(block.string("keep-best", "last"),
            block.integer("patience", 0, 0, Integer.MAX_VALUE), block.key("keep-best"), block.key("patience"));
        selection.refuseMap(block.key("keep-best"), model != null ? block.key("model") + " " + model
            : "the tuned model");
        return selection;
    }

    private static String summary(String model, TrainResult result) {
        return String.format(Locale.ROOT, "model %s, %d epochs run in this attempt, artifact %s", model,
            result.epochs().size(), result.output());
    }
}
