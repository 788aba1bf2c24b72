package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.inference.EvaluateJob;
import org.apache.hadoop.fs.Path;

import java.util.List;

/** {@code evaluate { split, workers }}: the trained model on one split, metrics to {@code evaluate/metrics-<split>.json}. */
final class EvaluateStage implements PipelineStage {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public List<String> inputs() {
        return List.of("train");
    }

    @Override
    public StageTask configure(Params block, List<String> stages) {
        Split split;
        try {
            split = Split.parse(block.string("split", "test"));
        } catch (UsageException e) {
            throw new UsageException(block.key("split") + ": " + e.getMessage());
        }
        Integer workers = block.has("workers") ? block.integer("workers", 1, 100_000) : null;
        return context -> {
            Path output = new Path(context.layout().output(name()), "metrics-" + split.dirName() + ".json");
            EvaluateJob.Result result = new EvaluateJob(context.spark(), context.console()).run(context.layout().output("train").toString(),
                context.layout().shards(context.stages()).toString(), split, output.toString(), workers);
            context.console().print(result.table());
            return result.summary();
        };
    }
}
