package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.TextCorpus;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.TableIngestJob;
import io.dlspark.jobs.ingest.TableTask;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ingest { dataset, input, seed, val-fraction, partitions, max-bad-fraction }} (a {@code table} also takes
 * {@code features, label, task, format, test-fraction, standardize}; {@code brown} and {@code text-corpus} take
 * {@code passage-words}): raw data to the run's shard set, like {@code dlspark ingest}. A re-run replaces a partial
 * output (the shards are committed by one rename).
 */
final class IngestStage implements PipelineStage {
    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public List<String> inputs() {
        return List.of();
    }

    @Override
    public StageTask configure(Params block, List<String> stages) {
        String datasetName = block.string("dataset");
        DatasetKind dataset;
        try {
            dataset = DatasetKind.parse(datasetName);
        } catch (CommandLine.TypeConversionException e) {
            throw new UsageException(block.key("dataset") + ": " + e.getMessage());
        }
        String input = block.string("input");
        long seed = block.has("seed") ? block.longValue("seed") : 42;
        double valFraction = block.number("val-fraction", 0.1, 0.0, 0.999);
        Integer partitions = block.has("partitions") ? block.integer("partitions", 1, 1_000_000) : null;
        double maxBad = block.number("max-bad-fraction", 0.0, 0.0, 1.0);
        boolean passages = dataset == DatasetKind.BROWN || dataset == DatasetKind.TEXT_CORPUS;
        if (block.has("passage-words") && !passages) {
            throw new UsageException(block.key("passage-words") + ": applies to dataset brown and text-corpus, not to "
                + dataset.cliName());
        }
        int passageWords = block.has("passage-words") ? block.integer("passage-words", 1, 1_000_000)
            : dataset == DatasetKind.TEXT_CORPUS ? TextCorpus.DEFAULT_PASSAGE_WORDS : 0;
        if (dataset == DatasetKind.TABLE) {
            return table(block, input, seed, valFraction, partitions);
        }
        IngestOptions options = new IngestOptions(valFraction, seed, null, ResizeMode.NONE, null,
            IngestOptions.DEFAULT_TEST_FRACTION, passageWords);
        return context -> new IngestJob(context.spark(), context.console()).run(new IngestJob.Request(dataset, input,
            context.layout().output(name()).toString(), options, partitions, maxBad, true)).summary();
    }

    /** {@code dataset = table}: also {@code features} (comma-separated), {@code label}, {@code task}, {@code format}, {@code test-fraction}, {@code standardize}. */
    private StageTask table(Params block, String input, long seed, double valFraction, Integer partitions) {
        List<String> features = Arrays.stream(block.string("features").split(",")).map(String::trim).toList();
        String label = block.string("label");
        TableTask task = TableTask.parse(block.string("task", TableTask.CLASSIFICATION.cliName()), block.key("task"));
        String format = block.string("format", null);
        double testFraction = block.number("test-fraction", IngestOptions.DEFAULT_TEST_FRACTION, 0.0, 0.999);
        boolean standardize = block.bool("standardize", false);
        return context -> new TableIngestJob(context.spark()).run(new TableIngestJob.Request(input,
            context.layout().output(name()).toString(), format, features, label, task, seed, valFraction, testFraction,
            partitions, true, standardize)).summary();
    }
}
