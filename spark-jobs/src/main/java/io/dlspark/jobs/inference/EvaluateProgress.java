package io.dlspark.jobs.inference;

import io.dlspark.console.ProgressLine;
import io.dlspark.console.TaskProgress;

/** The {@code [evaluate] test: p/P parts, r/R records} lines of an evaluation's Spark job, one part per task. */
final class EvaluateProgress implements TaskProgress.Step {
    private final ProgressLine line;
    private final String split;
    private final int[] sizes;
    private final long records;
    private long evaluated;
    private int done;

    EvaluateProgress(ProgressLine line, String split, int[] sizes) {
        this.line = line;
        this.split = split;
        this.sizes = sizes.clone();
        this.records = java.util.Arrays.stream(sizes).asLongStream().sum();
    }

    @Override
    public synchronized void finished(int partition, long recordsWritten) {
        evaluated += partition < sizes.length ? sizes[partition] : 0;
        done++;
        line.update(text(evaluated, done));
    }

    /** The last line: every part evaluated. */
    void finish() {
        line.finish(text(records, sizes.length));
    }

    private String text(long recordsDone, int partsDone) {
        return split + ": " + partsDone + "/" + sizes.length + " parts, " + recordsDone + "/" + records + " records";
    }
}
