package io.dlspark.pipeline;

import org.apache.hadoop.fs.Path;

/**
 * The folders and files of one pipeline run under {@code <run-root>/<run-id>/}: {@code _RUN.json}, {@code _LOCK}
 * ({@link RunLock}), {@code _SUCCESS}, {@code _stages/<stage>/_SUCCESS} and one output folder per stage (see
 * docs/operations.md).
 */
public record RunLayout(Path runDir, String runId) {
    public static final String SUCCESS = "_SUCCESS";

    public Path output(String stage) {
        return new Path(runDir, stage);
    }

    public Path marker(String stage) {
        return new Path(new Path(new Path(runDir, "_stages"), stage), SUCCESS);
    }

    public Path runSuccess() {
        return new Path(runDir, SUCCESS);
    }

    public Path lock() {
        return new Path(runDir, "_LOCK");
    }

    public Path runRecord() {
        return new Path(runDir, "_RUN.json");
    }

    /** The data-set folder a training or evaluation stage reads: the augmented shards when augment runs, else ingest's. */
    public Path shards(java.util.List<String> stages) {
        return output(stages.contains("augment") ? "augment" : "ingest");
    }
}
