package io.dlspark.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The description the Spark UI shows for the jobs this thread starts while it is open; closing it brings back the
 * description before it, so that a job's stages keep the job's own description around their narrower ones.
 */
public final class JobDescription implements AutoCloseable {
    /** The local property Spark keeps a job's description in. */
    public static final String PROPERTY = "spark.job.description";

    private final SparkContext context;
    private final String previous;

    private JobDescription(SparkContext context, String description) {
        this.context = context;
        this.previous = context.getLocalProperty(PROPERTY);
        context.setJobDescription(description);
    }

    /** Describes the jobs this thread starts on {@code context} until {@link #close()}. */
    public static JobDescription of(SparkContext context, String description) {
        return new JobDescription(context, description);
    }

    /** Describes the jobs this thread starts on {@code spark} until {@link #close()}. */
    public static JobDescription of(SparkSession spark, String description) {
        return new JobDescription(spark.sparkContext(), description);
    }

    @Override
    public void close() {
        context.setJobDescription(previous);
    }
}
