package io.dlspark.pipeline;

import java.util.List;
import java.util.Map;

/** The stages a pipeline may list, in their fixed order. */
public final class StageCatalog {
    /** Every stage name, in the order a pipeline runs them. */
    public static final List<String> ORDER = List.of("ingest", "augment", "tune", "train", "evaluate");

    private static final Map<String, PipelineStage> STAGES = Map.of(
        "ingest", new IngestStage(),
        "augment", new AugmentStage(),
        "tune", new TuneStage(),
        "train", new TrainStage(),
        "evaluate", new EvaluateStage());

    private StageCatalog() {
    }

    static boolean isStageName(String name) {
        return ORDER.contains(name);
    }

    /** The stage called {@code name}, one of {@link #ORDER}. */
    static PipelineStage get(String name) {
        PipelineStage stage = STAGES.get(name);
        if (stage == null) {
            throw new IllegalArgumentException("no stage " + name);
        }
        return stage;
    }
}
