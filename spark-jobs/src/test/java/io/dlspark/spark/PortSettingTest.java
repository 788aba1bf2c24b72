package io.dlspark.spark;

import io.dlspark.core.UsageException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortSettingTest {
    private static final String KEY = "spark.dlspark.exchange.port";

    @Test
    void anOutOfRangePortNamesItsKey() {
        UsageException e = assertThrows(UsageException.class,
            () -> PortSetting.read(new SparkConf(false).set(KEY, "70000"), KEY, 0));
        assertTrue(e.getMessage().startsWith(KEY + "=70000: out of range"), e.getMessage());
        UsageException text = assertThrows(UsageException.class,
            () -> PortSetting.read(new SparkConf(false).set(KEY, "http"), KEY, 0));
        assertTrue(text.getMessage().startsWith(KEY + "=http: not a port number"), text.getMessage());
    }

    @Test
    void validAndMissingPorts() {
        assertEquals(7078, PortSetting.read(new SparkConf(false).set(KEY, " 7078 "), KEY, 0));
        assertEquals(0, PortSetting.read(new SparkConf(false), KEY, 0));
    }
}
