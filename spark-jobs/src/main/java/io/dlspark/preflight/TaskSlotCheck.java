package io.dlspark.preflight;

import org.apache.spark.SparkContext;

import java.util.Optional;

/**
 * A round runs all worker tasks at once (each holds its partition's network): more workers than task slots would
 * run in waves and make every round as slow as the slowest wave, or never finish with a round timeout.
 */
final class TaskSlotCheck {
    private static final long POLL_MILLIS = 500;

    private TaskSlotCheck() {
    }

    static Optional<String> check(int workers, int slots, String what) {
        if (workers > slots) {
            return Optional.of(what + "=" + workers + " exceeds the " + slots + " task slots of the running executors "
                + "(executor cores / spark.task.cpus, summed): lower " + what + ", or give the application more "
                + "executors or cores (spark.executor.instances, spark.executor.cores, spark.cores.max)");
        }
        return Optional.empty();
    }

    /**
     * The task slots of the registered executors, waiting up to {@code waitMillis} for at least {@code wanted} on a
     * cluster (executors register after the application starts); local masters have theirs from the start.
     */
    static int slots(SparkContext sc, int wanted, long waitMillis) {
        if (sc.isLocal()) {
            return current(sc);
        }
        long deadline = System.currentTimeMillis() + waitMillis;
        int slots = current(sc);
        while (slots < wanted && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = current(sc);
        }
        return slots;
    }

    private static int current(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }
}
