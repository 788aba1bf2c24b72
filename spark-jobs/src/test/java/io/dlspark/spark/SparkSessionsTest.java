package io.dlspark.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SparkSessionsTest {
    /** What Spark's WebUI.bind() reads to choose the UI's interface, on the clone SparkContext works with. */
    private static String uiHost(SparkConf conf) {
        String host = conf.clone().getenv("SPARK_LOCAL_IP");
        return host == null ? "0.0.0.0" : host;
    }

    @Test
    void theUiBindsToLoopbackInLocalMode() {
        SparkConf conf = SparkSessions.configure("t", "local[2]", Map.of());
        assertEquals(System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"), uiHost(conf));
    }

    @Test
    void theUserChoosesTheUiInterfaceThroughTheDriverBindAddress() {
        SparkConf conf = SparkSessions.configure("t", "local[2]", Map.of("spark.driver.bindAddress", "0.0.0.0"));
        assertEquals(System.getenv().getOrDefault("SPARK_LOCAL_IP", "0.0.0.0"), uiHost(conf));
    }

    @Test
    void clusterModeKeepsSparksOwnChoice() {
        SparkConf conf = SparkSessions.configure("t", "spark://10.0.0.1:7077", Map.of());
        assertEquals(System.getenv().getOrDefault("SPARK_LOCAL_IP", "0.0.0.0"), uiHost(conf));
    }
}
