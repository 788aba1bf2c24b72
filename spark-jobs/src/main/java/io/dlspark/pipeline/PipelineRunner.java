package io.dlspark.pipeline;

import io.dlspark.core.UsageException;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.output.RunLock;
import io.dlspark.preflight.Preflight;
import io.dlspark.spark.JobDescription;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a pipeline under a run id, idempotently: a finished run does nothing; a failed or killed one continues with
 * the first stage that has no {@code _SUCCESS} marker (training itself resumes from its newest checkpoint). One
 * process at a time holds the run's {@link RunLock}.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final SparkSession spark;
    private final PrintWriter console;

    public PipelineRunner(SparkSession spark, PrintWriter console) {
        this.spark = spark;
        this.console = console;
    }

    /** What a run did: whether it had finished before, the stages run now and those done in earlier attempts. */
    public record Outcome(boolean alreadyFinished, List<String> ran, List<String> skipped) {
    }

    /** Checks a run id: letters, digits, '.', '_' and '-', at most 128 characters, not starting with a symbol. */
    public static String checkRunId(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw new UsageException("--run-id: missing (give --run-id or set DLSPARK_RUN_ID)");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw new UsageException("--run-id '" + runId + "': use letters, digits, '.', '_' and '-' (at most 128, "
                + "starting with a letter or digit), e.g. 2024-06-01 or nightly-42");
        }
        return runId;
    }

    public Outcome run(PipelineConfig config, String runId) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        RunLayout layout = new RunLayout(new Path(new Path(config.runRoot()), checkRunId(runId)), runId);
        if (HadoopFiles.exists(layout.runSuccess(), conf)) {
            checkRecord(layout, config, conf);
            console.println("run " + runId + " already finished (" + layout.runSuccess() + "); nothing to do");
            console.flush();
            return new Outcome(true, List.of(), config.stages());
        }
        Map<String, Path> writable = new LinkedHashMap<>();
        writable.put("pipeline.run-root", new Path(config.runRoot()));
        HadoopFiles.fs(layout.runDir(), conf).mkdirs(layout.runDir());
        try (RunLock lock = RunLock.acquire(layout.lock(), conf, config.leaseMillis())) {
            checkRecord(layout, config, conf);
            if (HadoopFiles.exists(layout.runSuccess(), conf)) {
                console.println("run " + runId + " finished meanwhile; nothing to do");
                return new Outcome(true, List.of(), config.stages());
            }
            Integer workers = config.stages().contains("train") ? config.task("train").workers() : null;
            Preflight.beforeRun(spark, writable, workers, "train.workers");
            // Only a run that passed preflight binds the run id to its settings: a fixed rerun must not be refused.
            writeRecordIfAbsent(layout, config, conf);
            List<String> ran = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            StageContext context = new StageContext(spark, layout, config.stages(), console);
            for (String stage : config.stages()) {
                lock.checkHeld();
                if (HadoopFiles.exists(layout.marker(stage), conf)) {
                    console.println("stage " + stage + ": done in an earlier attempt ("
                        + Json.read(HadoopFiles.readString(layout.marker(stage), conf), StageMarker.class,
                            layout.marker(stage).toString()).summary() + ")");
                    skipped.add(stage);
                    continue;
                }
                console.println("stage " + stage + ": running");
                console.flush();
                LOG.info("Run {}: stage {} starts", runId, stage);
                long start = System.nanoTime();
                String summary;
                try (JobDescription described = JobDescription.of(spark, "dlspark pipeline " + runId + ": " + stage)) {
                    summary = config.task(stage).run(context);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                lock.checkHeld();
                AtomicFiles.writeString(layout.marker(stage),
                    Json.pretty(new StageMarker(stage, summary, seconds, Instant.now().toString())), conf);
                console.printf(Locale.ROOT, "stage %s: done in %.1f s: %s%n", stage, seconds, summary);
                console.flush();
                ran.add(stage);
            }
            AtomicFiles.writeString(layout.runSuccess(), Instant.now().toString() + "\n", conf);
            console.println("run " + runId + " finished: " + layout.runDir());
            console.flush();
            return new Outcome(false, ran, skipped);
        }
    }

    /** Records the run's settings on its first attempt that passed preflight. */
    private static void writeRecordIfAbsent(RunLayout layout, PipelineConfig config, Configuration conf) throws IOException {
        if (!HadoopFiles.exists(layout.runRecord(), conf)) {
            AtomicFiles.writeString(layout.runRecord(), Json.pretty(new RunRecord(layout.runId(), config.fingerprint(),
                config.stages(), config.describe(), Instant.now().toString())), conf);
        }
    }

    /** Later attempts of a recorded run must have the same stage settings. */
    private static void checkRecord(RunLayout layout, PipelineConfig config, Configuration conf) throws IOException {
        Path record = layout.runRecord();
        if (!HadoopFiles.exists(record, conf)) {
            return;
        }
        RunRecord previous = Json.read(HadoopFiles.readString(record, conf), RunRecord.class, record.toString());
        if (!previous.fingerprint().equals(config.fingerprint())) {
            throw new UsageException("run id " + layout.runId() + " was started with other stage settings ("
                + record + "):\n" + previous.config() + "\nnow:\n" + config.describe()
                + "\nuse a new --run-id for the new settings");
        }
    }
}
