package io.dlspark.spark;

import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * A {@link SparkConf} that binds the Spark UI like the driver: Spark binds its UI to {@code SPARK_LOCAL_IP}, else to
 * every interface, and has no setting for it, so in local mode this conf answers {@code SPARK_LOCAL_IP} with
 * {@code spark.driver.bindAddress} (loopback by default) unless the environment sets it.
 */
final class LoopbackUiConf extends SparkConf {
    static final String LOCAL_IP = "SPARK_LOCAL_IP";
    private static final long serialVersionUID = 1L;

    LoopbackUiConf() {
        super(true);
    }

    private LoopbackUiConf(boolean loadDefaults) {
        super(loadDefaults);
    }

    @Override
    public String getenv(String name) {
        String value = super.getenv(name);
        if (value == null && LOCAL_IP.equals(name) && get("spark.master", "").startsWith("local")) {
            return get("spark.driver.bindAddress", null);
        }
        return value;
    }

    /** SparkContext works on a clone of its conf, which must keep this behaviour. */
    @Override
    public LoopbackUiConf clone() {
        LoopbackUiConf copy = new LoopbackUiConf(false);
        for (Tuple2<String, String> setting : getAll()) {
            copy.set(setting._1(), setting._2());
        }
        return copy;
    }
}
