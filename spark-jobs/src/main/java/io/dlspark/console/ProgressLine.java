package io.dlspark.console;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * One job's progress lines on the console, each starting with {@code [job]}: the first update, then at most one every
 * few seconds (unless asked now), and always the final line, after which nothing more is printed. Thread-safe.
 */
public final class ProgressLine {
    /** The shortest time between two progress lines of a job, unless the line is its last. */
    public static final long INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final String prefix;
    private final long intervalNanos;
    private final LongSupplier clock;
    private boolean printed;
    private long lastPrint;
    private boolean finished;

    ProgressLine(PrintWriter out, String job, long intervalNanos, LongSupplier clock) {
        this.out = out;
        this.prefix = "[" + job + "] ";
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /** Lines of {@code job} on {@code out}, throttled to one every {@link #INTERVAL_NANOS}. */
    public static ProgressLine of(PrintWriter out, String job) {
        return new ProgressLine(out, job, INTERVAL_NANOS, System::nanoTime);
    }

    /** Lines of {@code job} on {@code out} at every update (for tests and logs that want each step). */
    public static ProgressLine everyUpdate(PrintWriter out, String job) {
        return new ProgressLine(out, job, 0, System::nanoTime);
    }

    /** Prints {@code text} unless a line was printed less than the interval ago or the job finished. */
    public synchronized void update(String text) {
        long now = clock.getAsLong();
        if (finished || printed && now - lastPrint < intervalNanos) {
            return;
        }
        print(text, now);
    }

    /** Prints {@code text} whenever the last line was printed, unless the job finished (a step's summary line). */
    public synchronized void updateNow(String text) {
        if (!finished) {
            print(text, clock.getAsLong());
        }
    }

    /** Prints the job's last line; later updates print nothing. */
    public synchronized void finish(String text) {
        if (!finished) {
            print(text, clock.getAsLong());
            finished = true;
        }
    }

    private void print(String text, long now) {
        out.println(prefix + text);
        out.flush();
        printed = true;
        lastPrint = now;
    }
}
