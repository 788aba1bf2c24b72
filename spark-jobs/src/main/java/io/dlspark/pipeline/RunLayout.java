package io.dlspark.pipeline;

import org.apache.hadoop.fs.Path;

/**
 * The folders and files of one pipeline run under {@code <run-root>/<run-id>/}:
 * <pre>
 *   _RUN.json                 run id, config fingerprint, stages (written once, checked on every re-run)
 *   _LOCK                     the lease of the process running it (see {@link RunLock})
 *   _SUCCESS                  the whole run finished
 *   _stages/&lt;stage&gt;/_SUCCESS  the stage finished (JSON: summary, seconds, finish time)
 *   &lt;stage&gt;/                  the stage's outputs: ingest and augment = shards, tune = the search (ledger, report,
 *                              tuned-training.json), train = model artifact, evaluate = metrics
 * </pre>
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
