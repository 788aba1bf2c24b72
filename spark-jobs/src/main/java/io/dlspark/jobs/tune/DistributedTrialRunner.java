package io.dlspark.jobs.tune;

import io.dlspark.train.EpochMetrics;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import io.dlspark.tuning.optim.Trial;
import io.dlspark.tuning.search.EpochReporter;
import io.dlspark.tuning.search.TrialFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs each trial as a distributed {@link TrainJob} into {@code trials/trial-NNNN}, rung by rung, each segment resuming
 * the previous one's checkpoint ({@link TrialSegments}); the trial's spec overrides travel in memory.
 */
final class DistributedTrialRunner implements TrialFunction {
    private final SparkSession spark;
    private final String data;
    private final Path output;
    private final TrialPlanner planner;
    private final TrialTraining training;
    private final TrialSegments segments;

    DistributedTrialRunner(SparkSession spark, String data, Path output, TrialPlanner planner, TrialTraining training,
                           TrialSegments segments) {
        this.spark = spark;
        this.data = data;
        this.output = output;
        this.planner = planner;
        this.training = training;
        this.segments = segments;
    }

    /** The folder of trial {@code id}'s training run and artifact. */
    static Path trialDir(Path output, int id) {
        return new Path(new Path(output, "trials"), String.format("trial-%04d", id));
    }

    @Override
    public void run(Trial trial, EpochReporter reporter) throws IOException {
        TrialSpec spec = planner.plan(trial.assignment());
        Integer workers = training.workersPerTrial() == 0 ? null : training.workersPerTrial();
        reporter.ranOn("cluster, " + (workers == null ? "default parallelism" : workers + " workers"));
        TrainingConfig.Builder config = TrainingConfig.builder().data(data).model(training.model())
            .modelOverrides(spec.modelOverrides()).output(trialDir(output, trial.id()).toString()).workers(workers)
            .batchSize(spec.batchSize()).averagingFrequency(training.averagingFrequency()).seed(training.seed())
            .threadsPerWorker(training.threadsPerTrial()).optimizer(spec.optimizer());
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        for (int done = 0; done < segments.epochs(); ) {
            int to = segments.end(done);
            TrainingConfig segment = config.epochs(to).resume(done > 0).overwrite(done == 0).build();
            TrainResult result = new TrainJob(spark, quiet).run(segment);
            for (EpochMetrics e : result.epochs()) {
                if (!reporter.report(e.epoch(), metrics(e))) {
                    return;
                }
            }
            done = to;
        }
    }

    private static Map<String, Double> metrics(EpochMetrics e) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train.loss", e.trainLoss());
        m.put("validation.accuracy", e.validationAccuracy() == null ? Double.NaN : e.validationAccuracy());
        m.put("validation.loss", e.validationLoss() == null ? Double.NaN : e.validationLoss());
        return m;
    }
}
