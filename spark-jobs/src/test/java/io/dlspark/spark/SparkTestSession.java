package io.dlspark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * One {@code local[7]} session (enough slots for a 7-task barrier stage) shared by the tests of this JVM, started
 * on first use and stopped at JVM exit.
 * Tests that need no session clear the active one with {@link #clearActive()}.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                .config(SparkSessions.withDefaults(new SparkConf(false)
                    .setMaster("local[7]")
                    .setAppName("dlspark-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    // seven slots for barrier stages of up to seven tasks; the default parallelism (and so the default
                    // --workers) stays that of local[2]
                    .set("spark.default.parallelism", "2")))
                .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        SparkSession.setActiveSession(session);
        return session;
    }

    /**
     * Stops the shared session and starts one with the given extra settings, for tests of another configuration
     * (such as the Kryo serializer); the next {@link #get()} starts the default one again.
     */
    public static synchronized SparkSession replaceWith(java.util.Map<String, String> settings) {
        if (session != null) {
            session.stop();
        }
        clearActive();
        SparkConf conf = new SparkConf(false).setMaster("local[2]").setAppName("dlspark-tests")
            .set("spark.ui.enabled", "false").set("spark.sql.shuffle.partitions", "4");
        settings.forEach(conf::set);
        session = SparkSession.builder().config(SparkSessions.withDefaults(conf)).getOrCreate();
        SparkSession.setActiveSession(session);
        return session;
    }

    /** Makes no session active in this thread, so that code under test opens its own. */
    public static void clearActive() {
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
