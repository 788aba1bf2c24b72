package io.dlspark.console;

import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Follows the first stage that Spark runs for the jobs this thread starts while it is open, and passes each of its
 * tasks that succeeds (once per partition) to a {@link Step}, on Spark's listener thread.
 */
public final class TaskProgress extends SparkListener implements AutoCloseable {
    /** The local property that marks the jobs a {@link TaskProgress} follows. */
    static final String PROPERTY = "dlspark.progress";
    /** How long a job waits for its progress lines once its Spark job finished. */
    public static final long LINES_TIMEOUT_MILLIS = 30_000;

    /** Receives each finished task of the followed stage. */
    @FunctionalInterface
    public interface Step {
        /** Task {@code partition} of the stage finished, having written {@code recordsWritten} records. */
        void finished(int partition, long recordsWritten);
    }

    private final SparkContext context;
    private final String id = UUID.randomUUID().toString();
    private final String previous;
    private final Step step;
    private final Set<Integer> done = new HashSet<>();
    private int stage = -1;
    private boolean completed;

    private TaskProgress(SparkContext context, Step step) {
        this.context = context;
        this.step = step;
        this.previous = context.getLocalProperty(PROPERTY);
    }

    /** Follows the jobs this thread starts on {@code context} until {@link #close()}. */
    public static TaskProgress follow(SparkContext context, Step step) {
        TaskProgress progress = new TaskProgress(context, step);
        context.addSparkListener(progress);
        context.setLocalProperty(PROPERTY, progress.id);
        return progress;
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        Properties properties = submitted.properties();
        if (stage < 0 && properties != null && id.equals(properties.getProperty(PROPERTY))) {
            stage = submitted.stageInfo().stageId();
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted stageCompleted) {
        if (stageCompleted.stageInfo().stageId() == stage) {
            completed = true;
            notifyAll();
        }
    }

    /**
     * After the followed job succeeded: waits (at most {@code timeoutMillis}) until Spark's listener thread has passed
     * on every task of the stage, so that its progress lines come before the job's last one.
     */
    public synchronized void awaitStage(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            for (long left = timeoutMillis; !completed && left > 0; left = deadline - System.currentTimeMillis()) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.stageId() != stage || !Success$.MODULE$.equals(end.reason()) || !done.add(end.taskInfo().index())) {
            return;
        }
        long records = end.taskMetrics() == null ? 0 : end.taskMetrics().outputMetrics().recordsWritten();
        step.finished(end.taskInfo().index(), records);
    }

    @Override
    public void close() {
        context.setLocalProperty(PROPERTY, previous);
        context.removeSparkListener(this);
    }
}
