package io.dlspark.pipeline;

import io.dlspark.core.UsageException;

import java.util.List;
import java.util.Map;

/**
 * The stages a pipeline may list, in their fixed order. Stages whose subcommand this build does not have yet are
 * known by name and rejected with an error that says so.
 */
public final class StageCatalog {
    /** Every stage name, in the order a pipeline runs them. */
    public static final List<String> ORDER = List.of("tune", "ingest", "augment", "train", "evaluate");

    private static final Map<String, PipelineStage> AVAILABLE = Map.of(
        "ingest", new IngestStage(),
        "train", new TrainStage(),
        "evaluate", new EvaluateStage());

    private StageCatalog() {
    }

    static boolean isStageName(String name) {
        return ORDER.contains(name);
    }

    /** The stage called {@code name}; {@code key} names the config key that listed it, for errors. */
    static PipelineStage resolve(String name, String key) {
        PipelineStage stage = AVAILABLE.get(name);
        if (stage == null) {
            throw new UsageException(key + ": stage '" + name + "' is not available in this build: the 'dlspark " + name
                + "' command does not exist yet; remove '" + name + "' from " + key + " (available stages: "
                + String.join(", ", ORDER.stream().filter(AVAILABLE::containsKey).toList()) + ")");
        }
        return stage;
    }
}
