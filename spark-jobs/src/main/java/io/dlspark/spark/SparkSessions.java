package io.dlspark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.util.Map;

/**
 * Opens the Spark session of one CLI command. The master comes from {@code --master}, else from {@code spark.master}
 * as set by spark-submit, else {@code local[*]}. A session that already runs in this JVM (tests, notebooks) is reused
 * and left running; one created here is stopped on {@link Handle#close()}.
 */
public final class SparkSessions {
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {
    }

    /** The session and whether this handle owns it. */
    public record Handle(SparkSession session, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                session.stop();
            }
        }
    }

    public static Handle open(String appName, String master, Map<String, String> conf) {
        Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isDefined()) {
            return new Handle(active.get(), false);
        }
        SparkConf sparkConf = new SparkConf();
        conf.forEach(sparkConf::set);
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster(DEFAULT_MASTER);
        }
        sparkConf.setIfMissing("spark.app.name", appName);
        return new Handle(SparkSession.builder().config(withDefaults(sparkConf)).getOrCreate(), true);
    }

    /**
     * dlspark's defaults for settings the user did not give. Worker results (a parameter and updater-state vector,
     * megabytes per round) go back to the driver directly instead of through the block manager, and broadcasts of
     * float vectors, which barely compress, are not compressed. Local mode binds to loopback only.
     */
    public static SparkConf withDefaults(SparkConf conf) {
        if (conf.get("spark.master", "").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        conf.setIfMissing("spark.broadcast.compress", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return conf;
    }
}
