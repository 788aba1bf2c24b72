package io.dlspark.pipeline;

import io.dlspark.core.config.Params;

import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline: the name of its config block (and of its output folder), the stages whose outputs it
 * reads, and how it reads its block. {@link #configure} runs for every listed stage before anything else, so that a
 * bad key fails the whole run with exit code 2 before any Spark job.
 */
public interface PipelineStage {
    /** The config block's key, the output folder's name and the marker's name, e.g. {@code train}. */
    String name();

    /** Stages that must be listed before this one: their outputs are this stage's inputs. */
    List<String> inputs();

    /**
     * Reads and checks this stage's block (errors name the key), returning the work to do; {@code stages} are all
     * the stages the pipeline lists, for a stage whose settings depend on another one.
     */
    StageTask configure(Params block, List<String> stages);

    /** Spark settings this stage needs unless the pipeline's {@code spark} block or {@code --conf} sets them. */
    default Map<String, String> sparkDefaults() {
        return Map.of();
    }
}
