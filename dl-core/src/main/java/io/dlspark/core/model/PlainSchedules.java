package io.dlspark.core.model;

import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Expresses dlspark's schedules with ND4J's own, for model artifacts that plain DL4J reads: a cosine becomes a
 * {@link MapSchedule}; a finished warm-up becomes its base (rules in docs/library.md).
 */
public final class PlainSchedules {
    /** At most this many steps of a schedule are written; longer ones are sampled evenly. */
    static final int MAX_POINTS = 1000;

    private PlainSchedules() {
    }

    /**
     * An ND4J schedule for {@code schedule} as it continues from {@code iteration} and {@code epoch} (the network's
     * counters when it is exported); ND4J's own schedules are returned as they are.
     */
    public static ISchedule of(ISchedule schedule, int iteration, int epoch) {
        if (schedule instanceof CosineSchedule cosine) {
            return sampled(cosine.getScheduleType(), t -> cosine.valueAt(t, t), (int) Math.ceil(cosine.getPeriod()));
        }
        if (schedule instanceof WarmupSchedule warmup) {
            return warmup(warmup, iteration, epoch);
        }
        if (!schedule.getClass().getName().startsWith("org.nd4j.")) {
            throw new IllegalArgumentException("no ND4J equivalent for the schedule " + schedule.getClass().getName());
        }
        return schedule;
    }

    /**
     * A warm-up that has ended at {@code iteration} is its base from then on. An unfinished ramp over a fixed rate is
     * written out per iteration; over any other base (whose value may change per epoch, which one ND4J schedule cannot
     * follow together with iterations) the rest of the ramp is dropped and the base is exported.
     */
    private static ISchedule warmup(WarmupSchedule warmup, int iteration, int epoch) {
        ISchedule base = warmup.getBase();
        int ramp = warmup.getIterations();
        if (iteration + 1 >= ramp || !(base instanceof FixedSchedule)) {
            return of(base, iteration, epoch);
        }
        return sampled(ScheduleType.ITERATION, t -> warmup.valueAt(t, epoch), ramp - 1);
    }

    /**
     * A map schedule with {@code value(t)} at steps {@code 0..end} (every step when there are at most
     * {@link #MAX_POINTS}, else evenly spaced ones) and {@code value(end)} after {@code end}.
     */
    private static MapSchedule sampled(ScheduleType type, IntToDoubleFunction value, int end) {
        int step = Math.max(1, (int) Math.ceil((double) end / MAX_POINTS));
        Map<Integer, Double> points = new LinkedHashMap<>();
        for (int t = 0; t < end; t += step) {
            points.put(t, value.applyAsDouble(t));
        }
        points.put(end, value.applyAsDouble(end));
        return new MapSchedule(type, points);
    }
}
