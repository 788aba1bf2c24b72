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
        TrainingConfig.Builder config = config(training, data, trialDir(output, trial.id()).toString())
            .modelOverrides(spec.modelOverrides()).batchSize(spec.batchSize()).optimizer(spec.optimizer());
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

    /**
     * The settings every trial of {@code training} trains with; a bad one is a usage error naming the
     * {@code tuning.training} key that set it. {@code build()} it before the search to check them.
     */
    static TrainingConfig.Builder config(TrialTraining training, String data, String output) {
        return TrainingConfig.builder(DistributedTrialRunner::key).data(data).model(training.model()).output(output)
            .workers(training.workersPerTrial() == 0 ? null : training.workersPerTrial()).epochs(training.epochs())
            .batchSize(training.batchSize()).averagingFrequency(training.averagingFrequency()).seed(training.seed())
            .threadsPerWorker(training.threadsPerTrial());
    }

    /** The {@code tuning.training} key that sets {@code setting} (its {@code train} option for the others). */
    static String key(TrainingConfig.Setting setting) {
        return switch (setting) {
            case EPOCHS -> "tuning.training.epochs";
            case WORKERS -> "tuning.training.workers-per-trial";
            case BATCH_SIZE -> "tuning.training.batch-size";
            case AVERAGING_FREQUENCY -> "tuning.training.averaging-frequency";
            case THREADS_PER_WORKER -> "tuning.training.threads-per-trial";
            default -> setting.option();
        };
    }

    private static Map<String, Double> metrics(EpochMetrics e) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train.loss", e.trainLoss());
        m.put("validation.accuracy", e.validationAccuracy() == null ? Double.NaN : e.validationAccuracy());
        m.put("validation.loss", e.validationLoss() == null ? Double.NaN : e.validationLoss());
        return m;
    }
}
