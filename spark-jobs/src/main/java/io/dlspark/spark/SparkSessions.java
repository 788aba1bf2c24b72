package io.dlspark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.util.Map;
import java.util.Optional;

/**
 * Opens the Spark session of one CLI command. The master comes from {@code --master}, else from {@code spark.master}
 * as set by spark-submit, else {@code local[*]}. A session that already runs in this JVM (tests, notebooks) is reused
 * and left running; one created here is stopped on {@link Handle#close()}, and its UI address is known to the handle.
 */
public final class SparkSessions {
    public static final String DEFAULT_MASTER = "local[*]";
    static final String KRYO = "org.apache.spark.serializer.KryoSerializer";
    static final String KRYO_REGISTRATOR = "spark.kryo.registrator";

    private SparkSessions() {
    }

    /** The session and whether this handle owns it. */
    public record Handle(SparkSession session, boolean owned) implements AutoCloseable {
        /** The address of the Spark UI of a session started here (empty for a reused one or with the UI off). */
        public Optional<String> uiUrl() {
            Option<String> ui = session.sparkContext().uiWebUrl();
            return owned && ui.isDefined() ? Optional.of(ui.get()) : Optional.empty();
        }

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
        // The context is created from dlspark's conf (the session builder would copy it into a plain SparkConf).
        SparkContext.getOrCreate(configure(appName, master, conf));
        return new Handle(SparkSession.builder().getOrCreate(), true);
    }

    /**
     * The conf of a session opened here: the settings, the master ({@code --master}, else {@code spark.master}, else
     * {@link #DEFAULT_MASTER}) and {@link #withDefaults}; in local mode its UI binds to the driver's bind address.
     */
    static SparkConf configure(String appName, String master, Map<String, String> conf) {
        SparkConf sparkConf = new LoopbackUiConf();
        conf.forEach(sparkConf::set);
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster(DEFAULT_MASTER);
        }
        sparkConf.setIfMissing("spark.app.name", appName);
        return withDefaults(sparkConf);
    }

    /**
     * dlspark's defaults for settings the user did not give. Worker results (a parameter and updater-state vector,
     * megabytes per round) go back to the driver directly instead of through the block manager, and broadcasts of
     * float vectors, which barely compress, are not compressed. Local mode binds the driver (and, through
     * {@link #configure}, the UI) to loopback only, unless {@code spark.driver.bindAddress} says otherwise. Under Kryo,
     * {@link RecordKryoRegistrator} is added to the user's registrators so that Java records can travel.
     */
    public static SparkConf withDefaults(SparkConf conf) {
        if (conf.get("spark.master", "").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (conf.get("spark.serializer", "").equals(KRYO)) {
            String registrators = conf.get(KRYO_REGISTRATOR, "");
            if (!java.util.Arrays.asList(registrators.split(",")).contains(RecordKryoRegistrator.class.getName())) {
                conf.set(KRYO_REGISTRATOR, registrators.isBlank() ? RecordKryoRegistrator.class.getName()
                    : registrators + "," + RecordKryoRegistrator.class.getName());
            }
        }
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        conf.setIfMissing("spark.broadcast.compress", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return conf;
    }
}
