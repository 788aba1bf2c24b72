package io.dlspark.cli;

import io.dlspark.spark.SparkTestSession;
import org.apache.spark.scheduler.SparkListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlspark predict} checks its model before Spark starts. */
class PredictCommandTest {
    @TempDir
    Path dir;

    /** Counts the Spark contexts started with it in {@code spark.extraListeners}. */
    public static final class StartCounter extends SparkListener {
        static final AtomicInteger STARTED = new AtomicInteger();

        static volatile String where = "";

        public StartCounter() {
            STARTED.incrementAndGet();
            StringWriter trace = new StringWriter();
            new Throwable().printStackTrace(new PrintWriter(trace));
            where = trace.toString();
        }
    }

    private int predict(StringWriter err, String model) {
        return DlsparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "predict", "--model", model,
            "--input", dir.toString(), "--output", dir.resolve("out").toString(), "--master", "local[1]",
            "--conf", "spark.ui.enabled=false", "--conf", "spark.extraListeners=" + StartCounter.class.getName());
    }

    @Test
    void aMissingModelIsAOneLineUsageErrorBeforeSparkStarts() {
        SparkTestSession.get().stop();
        SparkTestSession.clearActive();
        StartCounter.STARTED.set(0);
        StringWriter err = new StringWriter();
        assertEquals(DlsparkCli.EXIT_USAGE, predict(err, dir.resolve("no-model").toString()), err.toString());
        assertTrue(err.toString().startsWith("dlspark predict: usage error: --model " + dir.resolve("no-model")),
            err.toString());
        assertEquals(0, StartCounter.STARTED.get(), () -> "Spark never started: " + StartCounter.where);
        assertEquals(DlsparkCli.EXIT_USAGE, predict(new StringWriter(), "foo://x"));
        assertEquals(0, StartCounter.STARTED.get(), "an unknown scheme is refused before Spark too");
    }
}
