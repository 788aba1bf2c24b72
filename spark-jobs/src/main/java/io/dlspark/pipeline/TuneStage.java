package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.jobs.tune.TrialPlanner;
import io.dlspark.jobs.tune.TuneJob;
import io.dlspark.jobs.tune.TuneRequest;
import io.dlspark.jobs.tune.TuneResult;
import io.dlspark.jobs.tune.TuningFile;
import io.dlspark.tuning.OptimizerSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code tune { config, trials, parallel-trials, optimizer, distributed-trials }}: like {@code dlspark tune --resume}
 * on the train stage's shards into {@code tune/}, then writes {@link TunedTraining}, the configuration the train stage
 * trains with.
 */
final class TuneStage implements PipelineStage {
    private static final String TRAIN_JOB_USE = "the pipeline's train stage trains the best configuration";

    @Override
    public String name() {
        return "tune";
    }

    @Override
    public List<String> inputs() {
        return List.of("ingest");
    }

    @Override
    public Map<String, String> sparkDefaults() {
        return TuneJob.SPARK_DEFAULTS;
    }

    @Override
    public StageTask configure(Params block, List<String> stages) {
        String config = block.string("config");
        TuningFile file = read(block.key("config"), config);
        Integer trials = block.has("trials") ? block.integer("trials", 1, 100_000) : null;
        Integer parallel = block.has("parallel-trials") ? block.integer("parallel-trials", 1, 10_000) : null;
        boolean distributed = block.bool("distributed-trials", false);
        if (distributed && parallel != null) {
            throw new UsageException(block.key("parallel-trials") + " and " + block.key("distributed-trials")
                + " exclude each other");
        }
        OptimizerSpec.Kind optimizer = block.has("optimizer")
            ? OptimizerSpec.Kind.parse(block.string("optimizer"), block.key("optimizer")) : null;
        return context -> {
            TuneRequest request = new TuneRequest(config, context.layout().shards(context.stages()).toString(),
                context.layout().output(name()).toString(), optimizer, trials, parallel, distributed, true);
            TuneResult result = new TuneJob(context.spark(), context.console()).run(request);
            TunedTraining tuned = TunedTraining.of(result, file);
            tuned.write(context.layout(), context.spark().sparkContext().hadoopConfiguration());
            return result.trials().size() + " trials, best " + tuned.describe() + " -> " + TunedTraining.path(context.layout());
        };
    }

    /** The tuning file, checked; errors name {@code key} and the file. */
    private static TuningFile read(String key, String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UsageException(key + ": cannot read the tuning file " + Path.of(file).toAbsolutePath() + ": " + e, e);
        }
        try {
            TuningFile parsed = TuningFile.parse(text, file);
            TrialPlanner.checkTargets(parsed.tuning().space(), parsed.training(), TRAIN_JOB_USE);
            return parsed;
        } catch (UsageException e) {
            throw new UsageException(key + ": " + (e.getMessage().startsWith(file) ? "" : file + ": ") + e.getMessage(), e);
        }
    }
}
