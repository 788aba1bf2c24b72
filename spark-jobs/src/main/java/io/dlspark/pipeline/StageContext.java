package io.dlspark.pipeline;

import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.util.List;

/** What a running stage gets: the Spark session, the run's folders, the listed stages, and the console. */
public record StageContext(SparkSession spark, RunLayout layout, List<String> stages, PrintWriter console) {
}
