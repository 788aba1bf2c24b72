package io.dlspark.engine;

import io.dlspark.core.train.RoundSum;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reduction of a {@code jobs} round: {@code treeReduce} of the workers' sums at the settings' depth. With a round
 * timeout it runs on a driver thread under its own job group, cancelled when the timeout passes, so the timeout never
 * changes the communication pattern.
 */
final class TreeRounds implements AutoCloseable {
    private final JavaSparkContext jsc;
    private final TrainingSettings settings;
    private final ExecutorService reducer;
    private int groups;

    TreeRounds(JavaSparkContext jsc, TrainingSettings settings) {
        this.jsc = jsc;
        this.settings = settings;
        this.reducer = settings.roundTimeoutSeconds() == 0 ? null : Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "dlspark-round-reduce");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The sum of {@code sums}, tree-aggregated; fails the run when the round outlives its timeout. */
    RoundSum reduce(JavaRDD<RoundSum> sums, int epoch, int round) {
        if (reducer == null) {
            return sums.treeReduce(RoundSum::merge, settings.treeDepth());
        }
        String group = "dlspark-round-" + (++groups) + "-" + System.identityHashCode(this);
        String description = jsc.getLocalProperty("spark.job.description");
        Future<RoundSum> future = reducer.submit(() -> {
            jsc.setJobGroup(group, description == null ? group : description, true);
            try {
                return sums.treeReduce(RoundSum::merge, settings.treeDepth());
            } finally {
                jsc.clearJobGroup();
            }
        });
        try {
            return future.get(settings.roundTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            jsc.cancelJobGroup(group);
            future.cancel(true);
            throw RoundErrors.timedOut(epoch, round, settings.roundTimeoutSeconds());
        } catch (InterruptedException e) {
            jsc.cancelJobGroup(group);
            throw RoundErrors.interrupted(round, e);
        } catch (ExecutionException e) {
            throw RoundErrors.failed(epoch, round, e.getCause());
        } catch (CancellationException e) {
            throw RoundErrors.failed(epoch, round, e);
        }
    }

    @Override
    public void close() {
        if (reducer != null) {
            reducer.shutdownNow();
        }
    }
}
