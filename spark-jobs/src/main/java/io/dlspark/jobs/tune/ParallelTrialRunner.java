package io.dlspark.jobs.tune;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.tuning.optim.Trial;
import io.dlspark.tuning.search.EpochReporter;
import io.dlspark.tuning.search.TrialFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;

/**
 * Runs each trial as Spark jobs of one task, so a trial trains on one executor slot with the single-machine trainer,
 * segment by segment ({@link TrialSegments}). Called from several driver threads at once, each trial under its own job
 * group.
 */
final class ParallelTrialRunner implements TrialFunction {
    private final JavaSparkContext jsc;
    private final Broadcast<TrialData> data;
    private final TrialPlanner planner;
    private final TrialSegments segments;
    private final int threads;

    ParallelTrialRunner(JavaSparkContext jsc, Broadcast<TrialData> data, TrialPlanner planner, TrialSegments segments,
                        int threads) {
        this.jsc = jsc;
        this.data = data;
        this.planner = planner;
        this.segments = segments;
        this.threads = threads;
    }

    @Override
    public void run(Trial trial, EpochReporter reporter) {
        TrialSpec spec = planner.plan(trial.assignment());
        jsc.setJobGroup("dlspark-tune-trial-" + trial.id(), "dlspark tune: trial " + trial.id(), true);
        try {
            NetworkState state = null;
            for (int done = 0; done < segments.epochs(); ) {
                int to = segments.end(done);
                SegmentResult result = train(new TrialTask(spec, state, done, to, threads));
                reporter.ranOn(result.executor());
                for (int i = 0; i < result.epochs().size(); i++) {
                    if (!reporter.report(done + i + 1, result.epochs().get(i)) && result.error() == null) {
                        return;
                    }
                }
                if (result.error() != null) {
                    throw new TrialError(result.error());
                }
                state = result.state();
                done = to;
            }
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** Trains one configuration for every epoch, as one task: the final artifact's training. */
    SegmentResult trainFully(TrialSpec spec) {
        jsc.setJobGroup("dlspark-tune-best", "dlspark tune: training the best configuration", true);
        try {
            SegmentResult result = train(new TrialTask(spec, null, 0, segments.epochs(), threads));
            if (result.error() != null) {
                throw new TrialError(result.error());
            }
            return result;
        } finally {
            jsc.clearJobGroup();
        }
    }

    private SegmentResult train(TrialTask task) {
        Broadcast<TrialData> shared = data;
        return jsc.parallelize(List.of(task), 1).map(t -> t.run(shared.value())).collect().get(0);
    }
}
