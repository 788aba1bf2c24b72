package io.dlspark.pipeline;

import io.dlspark.augment.AugmentConfigs;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.jobs.augment.AugmentJob;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code augment { config, copies, seed, partitions }}: like {@code dlspark augment} on the ingest stage's shards;
 * later stages read its shard set instead of ingest's. {@code config} is read and checked before any stage runs.
 */
final class AugmentStage implements PipelineStage {
    @Override
    public String name() {
        return "augment";
    }

    @Override
    public List<String> inputs() {
        return List.of("ingest");
    }

    @Override
    public StageTask configure(Params block, List<String> stages) {
        String config = block.string("config");
        try {
            AugmentConfigs.load(Path.of(config));
        } catch (UsageException e) {
            throw new UsageException(block.key("config") + ": " + e.getMessage(), e);
        }
        int copies = block.integer("copies", 1, 1000);
        Long seed = block.has("seed") ? block.longValue("seed") : null;
        Integer partitions = block.has("partitions") ? block.integer("partitions", 1, 1_000_000) : null;
        return context -> new AugmentJob(context.spark()).run(new AugmentJob.Request(
            context.layout().output("ingest").toString(), context.layout().output(name()).toString(), config, copies,
            seed, partitions, true)).summary();
    }
}
